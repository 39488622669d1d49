// RequestsStore and WorkbenchStore with the real ApiClient against a real local HTTP server: the draft kept in storage,
// one Idempotency-Key per draft across dropped answers and restarts, photo uploads (multipart), the similar panel
// (debounced, hidden on failure), resident actions, and the staff queues, reveal and actions under the staff token.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { FiledRequest, QueueItem, RequestDetail, StaffRequestDetail } from '@contract/request'
import type { UploadTransport } from '@/api/requests'
import { RootStore } from '@/stores/root'
import { memoryStorage, type KeyValueStorage } from '@/stores/session'
import { httpTransport } from '../support/http-transport'

interface Hit {
  method: string
  url: string
  auth?: string
  key?: string
  contentType?: string
  body: unknown
  bytes: number
}
type Reply = { status: number; body?: unknown } | 'hang-up'

let server: http.Server
let baseUrl: string
let hits: Hit[]
let route: (hit: Hit) => Reply

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const contentType = req.headers['content-type']
      let body: unknown
      if (raw.length && contentType?.startsWith('application/json')) body = JSON.parse(raw.toString('utf8'))
      const hit: Hit = {
        method: req.method!,
        url: req.url!,
        auth: req.headers.authorization,
        key: req.headers['idempotency-key'] as string | undefined,
        contentType,
        body,
        bytes: raw.length,
      }
      hits.push(hit)
      const reply = route(hit)
      if (reply === 'hang-up') {
        req.socket.destroy()
        return
      }
      if (reply.body === undefined) res.writeHead(reply.status).end()
      else res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  hits = []
  route = () => ({ status: 404, body: { code: 'NOT_FOUND', message: '未找到' } })
})

/** Taro.uploadFile's contract over real HTTP: multipart with one "file" field read from disk. */
const httpUpload: UploadTransport = async (req) => {
  const form = new FormData()
  form.append('file', new Blob([fs.readFileSync(req.filePath)], { type: 'image/jpeg' }), path.basename(req.filePath))
  let res: Response
  try {
    res = await fetch(req.url, { method: 'POST', headers: req.header, body: form })
  } catch (err) {
    throw { errMsg: `uploadFile:fail ${(err as Error).message}` }
  }
  return { statusCode: res.status, data: await res.text() }
}

const photoFile = path.join(os.tmpdir(), `onestop-photo-${process.pid}.jpg`)
fs.writeFileSync(photoFile, Buffer.from('ffd8ffe000104a46494600', 'hex'))

function newRoot(storage: KeyValueStorage = memoryStorage(), token: string | null = 'tok-1') {
  if (token) storage.set('onestop.session', token)
  const root = new RootStore({
    baseUrl,
    transport: httpTransport,
    storage,
    upload: httpUpload,
    requests: { similarDebounceMs: 30, submitRetryDelaysMs: [5, 5] },
  })
  ;(root.api as unknown as { opts: { retryDelaysMs: number[] } }).opts.retryDelaysMs = [1, 1]
  return root
}

const CONTENT = '天河路 100 号门口每天晚上有人乱停车，堵住了消防通道，希望尽快处理。'
const FILED: FiledRequest = { id: '2b0f4c1e-0000-4000-8000-000000000001', number: 'GZ2026112400001', status: 'submitted', deadline: '2026-12-15T15:59:59.999Z' }
const UPLOAD = (n: number) => ({
  id: `7c1e2d3f-0000-4000-8000-00000000000${n}`,
  url: `/api/uploads/7c1e2d3f-0000-4000-8000-00000000000${n}?exp=1&sig=x`,
  contentType: 'image/jpeg',
  width: 10,
  height: 10,
  bytes: 100,
})

test('the draft is kept in storage as it is typed and survives a restart with the same Idempotency-Key', () => {
  const storage = memoryStorage()
  const root = newRoot(storage)
  const key = root.requests.draft.key
  expect(key).toMatch(/^[A-Za-z0-9_-]{8,128}$/)
  root.requests.update({ type: 'complaint', content: CONTENT, anonymous: true })
  root.requests.setLocation({ address: '天河路 100 号', district: '天河区', source: 'typed' })

  const again = newRoot(storage)
  expect(again.requests.draft).toMatchObject({ key, type: 'complaint', content: CONTENT, anonymous: true, public: false })
  expect(again.requests.draft.location).toMatchObject({ district: '天河区', address: '天河路 100 号' })
  // The category follows the text until the resident picks one.
  expect(again.requests.effectiveCategory).toBe('traffic.parking')

  again.requests.discardDraft()
  expect(again.requests.draft.key).not.toBe(key)
  expect(newRoot(storage).requests.draft.content).toBe('')
})

test('submit: nothing is sent while the form is incomplete; the reasons are per field in Chinese', async () => {
  const root = newRoot()
  root.requests.update({ content: '太吵了' })
  await expect(root.requests.submit()).resolves.toEqual({ ok: false, reason: 'invalid' })
  expect(root.requests.draftErrors.type).toBe('请选择诉求类型')
  expect(root.requests.draftErrors.content).toBe('诉求内容至少需要 10 个字，现在是 3 个字')
  root.requests.update({ type: 'consult', content: CONTENT, contactPhone: '12345' })
  await expect(root.requests.submit()).resolves.toEqual({ ok: false, reason: 'invalid' })
  expect(root.requests.draftErrors.contactPhone).toContain('11 位手机号')
  expect(hits).toEqual([])
})

test('submit: signed out, nothing is sent and the draft stays', async () => {
  const root = newRoot(memoryStorage(), null)
  root.requests.update({ type: 'help', content: CONTENT })
  await expect(root.requests.submit()).resolves.toEqual({ ok: false, reason: 'signin' })
  expect(hits).toEqual([])
  expect(root.requests.draft.content).toBe(CONTENT)
})

test('submit: photos go to POST /api/uploads as multipart, then the request with their ids, the key and the suggested category', async () => {
  let uploads = 0
  route = (h) => {
    if (h.method === 'POST' && h.url === '/api/uploads') return { status: 201, body: UPLOAD(++uploads) }
    if (h.method === 'POST' && h.url === '/api/requests') return { status: 201, body: FILED }
    return { status: 404, body: { code: 'NOT_FOUND', message: '未找到' } }
  }
  const storage = memoryStorage()
  const root = newRoot(storage)
  root.requests.update({ type: 'complaint', content: `  ${CONTENT}  `, contactPhone: '138 0013 8000' })
  root.requests.setLocation({ address: '天河路 100 号', district: '天河区', source: 'typed' })
  root.requests.addPhotos([photoFile, photoFile])
  const key = root.requests.draft.key
  const outcome = await root.requests.submit()
  expect(outcome).toEqual({ ok: true, filed: FILED })

  const up = hits.filter((h) => h.url === '/api/uploads')
  expect(up).toHaveLength(2)
  for (const h of up) {
    expect(h.contentType).toMatch(/^multipart\/form-data; boundary=/)
    expect(h.auth).toBe('Bearer tok-1')
    expect(h.bytes).toBeGreaterThan(11)
  }
  const post = hits.find((h) => h.url === '/api/requests')!
  expect(post.key).toBe(key)
  expect(post.auth).toBe('Bearer tok-1')
  expect(post.body).toEqual({
    type: 'complaint',
    category: 'traffic.parking',
    content: CONTENT,
    // A typed address is sent at its district's centre point.
    location: { lat: 23.1247, lng: 113.3612, address: '天河路 100 号', district: '天河区' },
    photos: [UPLOAD(1).id, UPLOAD(2).id],
    contactPhone: '13800138000',
    anonymous: false,
    public: false,
  })
  // Filed: the form is empty with a new key, also after a restart.
  expect(root.requests.lastFiled).toEqual(FILED)
  expect(root.requests.draft.content).toBe('')
  expect(root.requests.draft.key).not.toBe(key)
  expect(newRoot(storage).requests.draft.photos).toEqual([])
})

test('a dropped answer is resent with the same key; the server files it once', async () => {
  const filedByKey = new Map<string, FiledRequest>()
  let drops = 1
  route = (h) => {
    if (h.url !== '/api/requests') return { status: 404 }
    // The server files the request, then the connection drops before the answer arrives.
    if (!filedByKey.has(h.key!)) filedByKey.set(h.key!, FILED)
    if (drops-- > 0) return 'hang-up'
    return { status: 200, body: filedByKey.get(h.key!) }
  }
  const root = newRoot()
  root.requests.update({ type: 'help', content: CONTENT })
  await expect(root.requests.submit()).resolves.toEqual({ ok: true, filed: FILED })
  const posts = hits.filter((h) => h.url === '/api/requests')
  expect(posts).toHaveLength(2)
  expect(new Set(posts.map((p) => p.key)).size).toBe(1)
  expect(filedByKey.size).toBe(1)
})

test('offline: the draft and its key are kept with a Chinese reason; submitting later reuses the key', async () => {
  route = () => 'hang-up'
  const storage = memoryStorage()
  const root = newRoot(storage)
  root.requests.update({ type: 'suggestion', content: CONTENT })
  const key = root.requests.draft.key
  await expect(root.requests.submit()).resolves.toEqual({ ok: false, reason: 'failed' })
  // First try plus two resends, all with one key.
  const posts = hits.filter((h) => h.url === '/api/requests')
  expect(posts.map((p) => p.key)).toEqual([key, key, key])
  expect(root.requests.submitError).toBe('网络连接不可用，请检查网络后重试。草稿已保存，恢复网络后再次提交不会重复立案')
  expect(root.requests.draft.inDoubt).toBe(true)

  // The app is closed and opened again, back online.
  route = (h) => (h.url === '/api/requests' ? { status: 200, body: FILED } : { status: 404 })
  const later = newRoot(storage)
  expect(later.requests.draft).toMatchObject({ key, content: CONTENT, inDoubt: true })
  await expect(later.requests.submit()).resolves.toEqual({ ok: true, filed: FILED })
  expect(hits.at(-1)!.key).toBe(key)
})

test('similar requests: asked once after typing pauses; a 404 or failure hides the panel quietly', async () => {
  const item = { id: 'a1', number: 'GZ2026112000007', summary: '天河路乱停车', status: 'processing', statusLabel: '办理中', createdAt: '2026-11-20T02:00:00.000Z', score: 0.8, mine: false }
  route = (h) => (h.url === '/api/requests/similar' ? { status: 200, body: { items: [item] } } : { status: 404 })
  // A lookup the previous test's draft scheduled may still arrive on a slow machine: let it land before counting.
  await new Promise((r) => setTimeout(r, 300))
  hits = []
  const root = newRoot()
  root.requests.update({ content: '天河路' })
  root.requests.update({ content: CONTENT.slice(0, 12) })
  root.requests.update({ content: CONTENT, type: 'complaint' })
  await new Promise((r) => setTimeout(r, 150))
  const asks = hits.filter((h) => h.url === '/api/requests/similar')
  expect(asks).toHaveLength(1)
  expect(asks[0].body).toEqual({ content: CONTENT, type: 'complaint' })
  expect(root.requests.similar).toEqual([item])
  expect(root.requests.similarById.get('a1')).toEqual(item)

  route = () => ({ status: 404, body: { code: 'NOT_FOUND', message: '未找到' } })
  root.requests.update({ content: `${CONTENT}补充一句` })
  await new Promise((r) => setTimeout(r, 150))
  expect(root.requests.similar).toEqual([])
  expect(root.requests.submitError).toBeUndefined()
})

const DETAIL: RequestDetail = {
  id: FILED.id,
  number: FILED.number,
  type: 'complaint',
  typeLabel: '投诉',
  category: 'traffic.parking',
  categoryLabel: '交通出行/违章停车',
  summary: CONTENT,
  status: 'closed',
  statusLabel: '已办结',
  filedAt: '2026-11-24T02:00:00.000Z',
  deadline: FILED.deadline,
  overdue: false,
  content: CONTENT,
  location: null,
  photos: [],
  anonymous: false,
  public: false,
  contactPhone: '138****8000',
  departmentName: '市公安局',
  closedAt: '2026-11-25T02:00:00.000Z',
  rateUntil: '2026-12-02T02:00:00.000Z',
  rating: null,
  reopened: false,
  mergedInto: null,
  timeline: [],
  can: { supplement: false, urge: false, rate: true, reopen: false },
}

test('我的诉求 and one request: list, detail, 评价 then 重办 post what the resident chose', async () => {
  let detail = DETAIL
  route = (h) => {
    if (h.method === 'GET' && h.url === '/api/requests?page=1&pageSize=20') return { status: 200, body: { items: [DETAIL], total: 1, page: 1, pageSize: 20 } }
    if (h.method === 'GET' && h.url === `/api/requests/${DETAIL.id}`) return { status: 200, body: detail }
    if (h.url === `/api/requests/${DETAIL.id}/rate`) {
      detail = { ...detail, status: 'rated', statusLabel: '已评价', rating: { level: 2, comment: '没解决', at: '2026-11-25T03:00:00.000Z' }, can: { supplement: false, urge: false, rate: false, reopen: true } }
      return { status: 200, body: detail }
    }
    if (h.url === `/api/requests/${DETAIL.id}/reopen`) return { status: 200, body: { ...detail, status: 'processing', statusLabel: '办理中', reopened: true, can: { ...detail.can, reopen: false } } }
    return { status: 404, body: { code: 'NOT_FOUND', message: '未找到' } }
  }
  const root = newRoot()
  await root.requests.loadList()
  expect(root.requests.list.map((r) => r.number)).toEqual([FILED.number])
  await root.requests.loadDetail(DETAIL.id)
  expect(root.requests.details.get(DETAIL.id)?.can.rate).toBe(true)

  await root.requests.rate(DETAIL.id, 2, ' 没解决 ')
  expect(hits.at(-1)!.body).toEqual({ level: 2, comment: '没解决' })
  expect(root.requests.details.get(DETAIL.id)?.can.reopen).toBe(true)
  expect(root.requests.list[0].statusLabel).toBe('已评价')

  await root.requests.reopen(DETAIL.id, '车还是停在那里')
  expect(hits.at(-1)!.body).toEqual({ note: '车还是停在那里' })
  expect(root.requests.details.get(DETAIL.id)?.status).toBe('processing')

  // Signed out: the resident's requests are no longer held (a shared device shows nothing of them).
  const token = root.session.token!
  root.session.clear()
  expect(root.requests.list).toEqual([])
  expect(root.requests.details.size).toBe(0)
  root.session.setToken(token)

  // A refused action comes back as the server's Chinese message.
  route = () => ({ status: 409, body: { code: 'URGE_NOT_ALLOWED', message: '尚未超过办理时限，超期后才能催办' } })
  await expect(root.requests.urge(DETAIL.id)).rejects.toMatchObject({ code: 'URGE_NOT_ALLOWED', message: '尚未超过办理时限，超期后才能催办' })
})

const q = (n: number, over: Partial<QueueItem>): QueueItem => ({
  id: `id-${n}`,
  number: `GZ20261124${String(n).padStart(5, '0')}`,
  type: 'complaint',
  typeLabel: '投诉',
  category: null,
  categoryLabel: null,
  summary: '内容',
  status: 'submitted',
  statusLabel: '已提交',
  filedAt: '2026-11-24T02:00:00.000Z',
  deadline: '2026-12-15T15:59:59.999Z',
  overdue: false,
  district: '天河区',
  departmentCode: null,
  departmentName: null,
  dispatchDeadline: '2026-11-25T15:59:59.999Z',
  warning: false,
  supervised: false,
  extensionDays: null,
  urgeCount: 0,
  anonymous: false,
  ...over,
})

test('workbench: queues by role, earliest deadline first, the extension tab keeps only pending extensions; every call carries the staff token', async () => {
  const profile = { id: 's1', username: 'hotline', displayName: '派单员', role: 'dispatcher' }
  const items = [
    q(1, { deadline: '2026-12-20T15:59:59.999Z' }),
    q(2, { deadline: '2026-12-01T15:59:59.999Z', status: 'signed', extensionDays: 5 }),
    q(3, { deadline: '2026-11-20T15:59:59.999Z', overdue: true }),
  ]
  route = (h) => {
    if (h.url === '/api/auth/staff') return { status: 200, body: { token: 'staff-1', expiresAt: '2026-11-25T00:00:00.000Z', staff: profile } }
    if (h.url.startsWith('/api/staff/requests?')) return { status: 200, body: { items, total: items.length, page: 1, pageSize: 100 } }
    return { status: 404, body: { code: 'NOT_FOUND', message: '未找到' } }
  }
  const root = newRoot()
  await root.staff.login('hotline', 'pw')
  expect(root.workbench.tabs.map((t) => t.label)).toEqual(['待受理派单', '退单', '延期申请', '待审核答复', '已超期', '全部'])
  await root.workbench.loadQueue(true)
  expect(hits.at(-1)!.url).toBe('/api/staff/requests?queue=dispatch&status=submitted%2Caccepted&page=1&pageSize=100')
  expect(hits.at(-1)!.auth).toBe('Bearer staff-1')
  expect(root.workbench.queue.map((i) => i.number)).toEqual([items[2].number, items[1].number, items[0].number])

  root.workbench.setTab('extensions')
  await new Promise((r) => setTimeout(r, 50))
  expect(root.workbench.queue.map((i) => i.id)).toEqual(['id-2'])
  expect(root.workbench.queueTotal).toBe(1)
})

test('workbench: 查看 reveals the contact with the staff token; a 409 answer reloads the record so the buttons match', async () => {
  const profile = { id: 's2', username: 'police', displayName: '民警', role: 'dept_staff', departmentCode: 'gz-police' }
  const record = { id: 'id-9', number: 'GZ2026112400009', actions: ['sign', 'return'] } as unknown as StaffRequestDetail
  route = (h) => {
    if (h.url === '/api/auth/staff') return { status: 200, body: { token: 'staff-2', expiresAt: '2026-11-25T00:00:00.000Z', staff: profile } }
    if (h.url === '/api/staff/requests/id-9/contact') return { status: 200, body: { name: '张三明', phone: '13800138000' } }
    if (h.url === '/api/staff/requests/id-9/actions') return { status: 409, body: { code: 'ILLEGAL_TRANSITION', message: '诉求当前状态为“已签收”，不能执行“签收”' } }
    if (h.url === '/api/staff/requests/id-9') return { status: 200, body: { ...record, actions: ['reply', 'return', 'request-extension'] } }
    return { status: 404, body: { code: 'NOT_FOUND', message: '未找到' } }
  }
  const root = newRoot()
  await root.staff.login('police', 'pw')
  expect(root.workbench.tabs.map((t) => t.label)).toEqual(['待签收', '办理中', '已超期', '全部'])

  await expect(root.workbench.reveal('id-9')).resolves.toEqual({ name: '张三明', phone: '13800138000' })
  const reveal = hits.find((h) => h.url === '/api/staff/requests/id-9/contact')!
  expect(reveal.method).toBe('POST')
  expect(reveal.auth).toBe('Bearer staff-2')

  await expect(root.workbench.act('id-9', { action: 'sign' })).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' })
  expect(hits.find((h) => h.url === '/api/staff/requests/id-9/actions')!.body).toEqual({ action: 'sign' })
  await new Promise((r) => setTimeout(r, 50))
  expect(root.workbench.details.get('id-9')?.actions).toEqual(['reply', 'return', 'request-extension'])
  // The resident's session was never used by the workbench.
  expect(hits.filter((h) => h.url.startsWith('/api/staff/')).every((h) => h.auth === 'Bearer staff-2')).toBe(true)

  // Signing out (or another clerk signing in) forgets the revealed contact and every record.
  expect(root.workbench.revealed.size).toBe(1)
  await root.staff.logout()
  expect(root.workbench.revealed.size).toBe(0)
  expect(root.workbench.details.size).toBe(0)
})
