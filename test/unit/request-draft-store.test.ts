// RequestDraftStore and SimilarRequestsStore with the real ApiClient against a real local HTTP server: the draft kept
// in storage, one Idempotency-Key per draft across dropped answers and restarts, photo uploads (multipart), and the
// similar panel (debounced, hidden on failure).
import type { FiledRequest } from '@contract/request'
import { memoryStorage } from '@/stores/session'
import { CONTENT, FILED, UPLOAD, fake, newRoot, photoFile } from './request-fake-api'
import { requestDraftOf } from '@/stores/request-draft'
import { similarOf } from '@/stores/similar-requests'

test('the draft is kept in storage as it is typed and survives a restart with the same Idempotency-Key', () => {
  const storage = memoryStorage()
  const root = newRoot(storage)
  const key = requestDraftOf(root).draft.key
  expect(key).toMatch(/^[A-Za-z0-9_-]{8,128}$/)
  requestDraftOf(root).update({ type: 'complaint', content: CONTENT, anonymous: true })
  requestDraftOf(root).setLocation({ address: '天河路 100 号', district: '天河区', source: 'typed' })

  const again = newRoot(storage)
  expect(requestDraftOf(again).draft).toMatchObject({ key, type: 'complaint', content: CONTENT, anonymous: true, public: false })
  expect(requestDraftOf(again).draft.location).toMatchObject({ district: '天河区', address: '天河路 100 号' })
  // The category follows the text until the resident picks one.
  expect(requestDraftOf(again).effectiveCategory).toBe('traffic.parking')

  requestDraftOf(again).discardDraft()
  expect(requestDraftOf(again).draft.key).not.toBe(key)
  expect(requestDraftOf(newRoot(storage)).draft.content).toBe('')
})

test('submit: nothing is sent while the form is incomplete; the reasons are per field in Chinese', async () => {
  const root = newRoot()
  requestDraftOf(root).update({ content: '太吵了' })
  await expect(requestDraftOf(root).submit()).resolves.toEqual({ ok: false, reason: 'invalid' })
  expect(requestDraftOf(root).draftErrors.type).toBe('请选择诉求类型')
  expect(requestDraftOf(root).draftErrors.content).toBe('诉求内容至少需要 10 个字，现在是 3 个字')
  requestDraftOf(root).update({ type: 'consult', content: CONTENT, contactPhone: '12345' })
  await expect(requestDraftOf(root).submit()).resolves.toEqual({ ok: false, reason: 'invalid' })
  expect(requestDraftOf(root).draftErrors.contactPhone).toContain('11 位手机号')
  expect(fake.hits).toEqual([])
})

test('submit: signed out, nothing is sent and the draft stays', async () => {
  const root = newRoot(memoryStorage(), null)
  requestDraftOf(root).update({ type: 'help', content: CONTENT })
  await expect(requestDraftOf(root).submit()).resolves.toEqual({ ok: false, reason: 'signin' })
  expect(fake.hits).toEqual([])
  expect(requestDraftOf(root).draft.content).toBe(CONTENT)
})

test('submit: photos go to POST /api/uploads as multipart, then the request with their ids, the key and the suggested category', async () => {
  let uploads = 0
  fake.route = (h) => {
    if (h.method === 'POST' && h.url === '/api/uploads') return { status: 201, body: UPLOAD(++uploads) }
    if (h.method === 'POST' && h.url === '/api/requests') return { status: 201, body: FILED }
    return { status: 404, body: { code: 'NOT_FOUND', message: '未找到' } }
  }
  const storage = memoryStorage()
  const root = newRoot(storage)
  requestDraftOf(root).update({ type: 'complaint', content: `  ${CONTENT}  `, contactPhone: '138 0013 8000' })
  requestDraftOf(root).setLocation({ address: '天河路 100 号', district: '天河区', source: 'typed' })
  requestDraftOf(root).addPhotos([photoFile, photoFile])
  const key = requestDraftOf(root).draft.key
  const outcome = await requestDraftOf(root).submit()
  expect(outcome).toEqual({ ok: true, filed: FILED })

  const up = fake.hits.filter((h) => h.url === '/api/uploads')
  expect(up).toHaveLength(2)
  for (const h of up) {
    expect(h.contentType).toMatch(/^multipart\/form-data; boundary=/)
    expect(h.auth).toBe('Bearer tok-1')
    expect(h.bytes).toBeGreaterThan(11)
  }
  const post = fake.hits.find((h) => h.url === '/api/requests')!
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
  expect(requestDraftOf(root).lastFiled).toEqual(FILED)
  expect(requestDraftOf(root).draft.content).toBe('')
  expect(requestDraftOf(root).draft.key).not.toBe(key)
  expect(requestDraftOf(newRoot(storage)).draft.photos).toEqual([])
})

test('a dropped answer is resent with the same key; the server files it once', async () => {
  const filedByKey = new Map<string, FiledRequest>()
  let drops = 1
  fake.route = (h) => {
    if (h.url !== '/api/requests') return { status: 404 }
    // The server files the request, then the connection drops before the answer arrives.
    if (!filedByKey.has(h.key!)) filedByKey.set(h.key!, FILED)
    if (drops-- > 0) return 'hang-up'
    return { status: 200, body: filedByKey.get(h.key!) }
  }
  const root = newRoot()
  requestDraftOf(root).update({ type: 'help', content: CONTENT })
  await expect(requestDraftOf(root).submit()).resolves.toEqual({ ok: true, filed: FILED })
  const posts = fake.hits.filter((h) => h.url === '/api/requests')
  expect(posts).toHaveLength(2)
  expect(new Set(posts.map((p) => p.key)).size).toBe(1)
  expect(filedByKey.size).toBe(1)
})

test('offline: the draft and its key are kept with a Chinese reason; submitting later reuses the key', async () => {
  fake.route = () => 'hang-up'
  const storage = memoryStorage()
  const root = newRoot(storage)
  requestDraftOf(root).update({ type: 'suggestion', content: CONTENT })
  const key = requestDraftOf(root).draft.key
  await expect(requestDraftOf(root).submit()).resolves.toEqual({ ok: false, reason: 'failed' })
  // First try plus two resends, all with one key.
  const posts = fake.hits.filter((h) => h.url === '/api/requests')
  expect(posts.map((p) => p.key)).toEqual([key, key, key])
  expect(requestDraftOf(root).submitError).toBe('网络连接不可用，请检查网络后重试。草稿已保存，恢复网络后再次提交不会重复立案')
  expect(requestDraftOf(root).draft.inDoubt).toBe(true)

  // The app is closed and opened again, back online.
  fake.route = (h) => (h.url === '/api/requests' ? { status: 200, body: FILED } : { status: 404 })
  const later = newRoot(storage)
  expect(requestDraftOf(later).draft).toMatchObject({ key, content: CONTENT, inDoubt: true })
  await expect(requestDraftOf(later).submit()).resolves.toEqual({ ok: true, filed: FILED })
  expect(fake.hits.at(-1)!.key).toBe(key)
})

test('similar requests: asked once after typing pauses; a 404 or failure hides the panel quietly', async () => {
  const item = { id: 'a1', number: 'GZ2026112000007', summary: '天河路乱停车', status: 'processing', statusLabel: '办理中', createdAt: '2026-11-20T02:00:00.000Z', score: 0.8, mine: false }
  const near = { ...item, id: 'a2', number: 'GZ2026112000009', summary: '天河路门口垃圾桶满了', score: 0.08 }
  fake.route = (h) => (h.url === '/api/requests/similar' ? { status: 200, body: { items: [item], related: [near] } } : { status: 404 })
  // A lookup the previous test's draft scheduled may still arrive on a slow machine: let it land before counting.
  await new Promise((r) => setTimeout(r, 300))
  fake.hits = []
  const root = newRoot()
  requestDraftOf(root).update({ content: '天河路' })
  requestDraftOf(root).update({ content: CONTENT.slice(0, 12) })
  requestDraftOf(root).update({ content: CONTENT, type: 'complaint' })
  await new Promise((r) => setTimeout(r, 150))
  const asks = fake.hits.filter((h) => h.url === '/api/requests/similar')
  expect(asks).toHaveLength(1)
  expect(asks[0].body).toEqual({ content: CONTENT, type: 'complaint' })
  expect(similarOf(root).similar).toEqual([item])
  expect(similarOf(root).related).toEqual([near])
  expect(similarOf(root).similarById.get('a1')).toEqual(item)
  expect(similarOf(root).similarById.get('a2')).toEqual(near)

  fake.route = () => ({ status: 404, body: { code: 'NOT_FOUND', message: '未找到' } })
  requestDraftOf(root).update({ content: `${CONTENT}补充一句` })
  await new Promise((r) => setTimeout(r, 150))
  expect(similarOf(root).similar).toEqual([])
  expect(similarOf(root).related).toEqual([])
  expect(requestDraftOf(root).submitError).toBeUndefined()
})
