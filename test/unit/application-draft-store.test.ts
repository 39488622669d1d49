// ApplicationDraftStore with the real ApiClient against a real local HTTP server: answers and materials kept on the
// device as typed and on the server through the drafts API; a dropped network keeps the draft; one Idempotency-Key
// per submit intent across resends and restarts, a new one after success; every problem at once.
import type { ServiceForm } from '@contract/forms'
import { checkAnswers, clearError, initialAnswers } from '@/components/form/state'
import { ApplicationDraftStore } from '@/stores/application-draft'
import { memoryStorage, type KeyValueStorage } from '@/stores/session'
import { fake, httpUpload, newRoot, photoFile, UPLOAD } from './request-fake-api'

const CODE = 'gz-hrss-ss-card-apply'
const FORM: ServiceForm = {
  serviceCode: CODE,
  version: 'v1',
  fields: [
    { key: 'applicantName', label: '申请人姓名', kind: 'text', required: true, prefill: 'realname.name' },
    { key: 'bank', label: '开户银行', kind: 'choice', required: true, options: [{ value: 'icbc', label: '工商银行' }, { value: 'ccb', label: '建设银行' }] },
    { key: 'note', label: '备注', kind: 'text', required: false },
  ],
  materials: [
    { id: 'photo', name: '本人近期免冠证件照', required: true, provide: ['upload'] },
    { id: 'idcard', name: '居民身份证', required: true, provide: ['licence', 'counter'], licenceTypes: ['居民身份证'] },
  ],
}
const RULES = { initial: initialAnswers, check: (f: ServiceForm, a: Record<string, unknown>) => checkAnswers(f, a), clear: clearError }
const SUBMITTED = { id: '5d0f4c1e-0000-4000-8000-000000000001', number: 'SQ2026120700001', status: 'submitted' }

function draftStore(storage: KeyValueStorage, token: string | null = 'tok-1') {
  const root = newRoot(storage, token)
  let submitted = 0
  const store = new ApplicationDraftStore({
    api: root.api,
    storage,
    baseUrl: fake.baseUrl,
    upload: httpUpload,
    getToken: () => root.session.token,
    onSubmitted: () => submitted++,
    retryDelaysMs: [5, 5],
  })
  return { store, submittedCount: () => submitted }
}

/** A server that serves the form, keeps drafts, takes uploads and files each key once. */
function server(opts: { down?: () => boolean } = {}) {
  const drafts = new Map<string, unknown>()
  const filed = new Map<string, typeof SUBMITTED>()
  let uploads = 0
  fake.route = (h) => {
    if (opts.down?.()) return 'hang-up'
    if (h.method === 'GET' && h.url === `/api/services/${CODE}/form`) return { status: 200, body: FORM }
    if (h.url === `/api/applications/drafts/${CODE}`) {
      if (h.method === 'PUT') {
        const d = { serviceCode: CODE, ...(h.body as object), updatedAt: new Date().toISOString() }
        drafts.set(h.auth ?? '', d)
        return { status: 200, body: d }
      }
      if (h.method === 'DELETE') return { status: 204 }
      const d = drafts.get(h.auth ?? '')
      return d ? { status: 200, body: d } : { status: 404, body: { code: 'NOT_FOUND', message: '没有保存的草稿' } }
    }
    if (h.method === 'POST' && h.url === '/api/uploads') return { status: 201, body: UPLOAD(++uploads) }
    if (h.method === 'POST' && h.url === '/api/applications') {
      if (!filed.has(h.key!)) filed.set(h.key!, SUBMITTED)
      return { status: 201, body: filed.get(h.key!) }
    }
    return { status: 404, body: { code: 'NOT_FOUND', message: '未找到' } }
  }
  return { drafts, filed }
}

function fill(store: ApplicationDraftStore) {
  store.change({ ...store.answers, bank: 'icbc' })
  store.addFiles('photo', [{ path: photoFile }])
  store.pickLicence('idcard', 'realname')
}

test('every problem at once: the answers by the form rules and each material not provided; nothing is sent', async () => {
  server()
  const { store } = draftStore(memoryStorage())
  await store.open({ code: CODE }, RULES)
  const sent = fake.hits.length
  await expect(store.submit(true)).resolves.toEqual({ ok: false, reason: 'invalid' })
  expect(store.errors.map((e) => e.field).sort()).toEqual(['bank', 'materials.idcard', 'materials.photo'])
  expect(store.errorOf('materials.photo')).toBe('请选择“本人近期免冠证件照”的提供方式')
  expect(fake.hits.length).toBe(sent)
  // Fixing one clears its error only.
  store.change({ ...store.answers, bank: 'ccb' })
  expect(store.errors.map((e) => e.field).sort()).toEqual(['materials.idcard', 'materials.photo'])
})

test('the draft is kept on the device as typed and resumed after a restart; 保存草稿 puts it on the server for another device', async () => {
  const { drafts } = server()
  const storage = memoryStorage()
  const { store } = draftStore(storage)
  await store.open({ code: CODE }, RULES)
  store.change({ ...store.answers, bank: 'icbc', note: '加急' })
  store.pickLicence('idcard', 'realname')

  const again = draftStore(storage).store
  await again.open({ code: CODE }, RULES)
  expect(again.answers).toMatchObject({ bank: 'icbc', note: '加急' })
  expect(again.material('idcard')).toMatchObject({ mode: 'licence', licenceId: 'realname' })

  await expect(again.save()).resolves.toBe('server')
  expect(drafts.size).toBe(1)
  // Another device, same account: the server's draft.
  const other = draftStore(memoryStorage()).store
  await other.open({ code: CODE }, RULES)
  expect(other.answers).toMatchObject({ bank: 'icbc', note: '加急' })
  expect(other.material('idcard')).toMatchObject({ mode: 'licence', licenceId: 'realname' })
})

test('a dropped network: the draft stays on the device, 保存草稿 says so, and nothing typed is lost', async () => {
  let down = false
  server({ down: () => down })
  const storage = memoryStorage()
  const { store } = draftStore(storage)
  await store.open({ code: CODE }, RULES)
  down = true
  store.change({ ...store.answers, bank: 'ccb' })
  await expect(store.save()).resolves.toBe('device')
  expect(store.draft?.unsynced).toBe(true)
  const reopened = draftStore(storage).store
  down = false
  await reopened.open({ code: CODE }, RULES)
  // The device's unsent changes win over anything older on the server.
  expect(reopened.answers).toMatchObject({ bank: 'ccb' })
  await expect(reopened.save()).resolves.toBe('server')
  expect(reopened.draft?.unsynced).toBe(false)
})

test('one Idempotency-Key per submit intent: resent while the answer is lost, kept across a restart, new after success', async () => {
  let drop = 3
  const { filed } = server()
  const base = fake.route
  fake.route = (h) => {
    if (h.method === 'POST' && h.url === '/api/applications' && drop > 0) {
      drop--
      base(h) // the server files it; the answer is lost on the way
      return 'hang-up'
    }
    return base(h)
  }
  const storage = memoryStorage()
  const first = draftStore(storage)
  await first.store.open({ code: CODE }, RULES)
  fill(first.store)
  const key = first.store.draft!.key
  // Three sends, all lost: the draft and its key stay, with a reason in Chinese.
  await expect(first.store.submit(true)).resolves.toEqual({ ok: false, reason: 'failed' })
  const posts = () => fake.hits.filter((h) => h.method === 'POST' && h.url === '/api/applications')
  expect(posts().map((p) => p.key)).toEqual([key, key, key])
  expect(first.store.submitError).toContain('恢复网络后再次提交不会重复申请')
  expect(first.store.draft).toMatchObject({ key, inDoubt: true })

  // The app restarts; the same intent is sent with the same key and the server answers the first filing.
  const second = draftStore(storage)
  await second.store.open({ code: CODE }, RULES)
  expect(second.store.draft?.key).toBe(key)
  const outcome = await second.store.submit(true)
  expect(outcome).toEqual({ ok: true, submitted: { kind: 'item', result: SUBMITTED } })
  expect(posts().at(-1)!.key).toBe(key)
  expect(filed.size).toBe(1)
  expect(second.submittedCount()).toBe(1)
  const body = posts().at(-1)!.body as { serviceCode: string; fields: Record<string, unknown>; materials: unknown[] }
  expect(body.serviceCode).toBe(CODE)
  expect(body.fields).toEqual({ bank: 'icbc' })
  expect(body.materials).toEqual([
    { materialId: 'photo', uploadIds: [UPLOAD(1).id] },
    { materialId: 'idcard', licenceId: 'realname' },
  ])
  // A new application is a new intent with a new key, and the device draft is gone.
  expect(second.store.draft?.key).not.toBe(key)
  expect(storage.get(`onestop.apply.draft.${CODE}`)).toBeUndefined()
})

test('signed out or without 实名认证 nothing is sent and the answers stay', async () => {
  server()
  const signedOut = draftStore(memoryStorage(), null).store
  await signedOut.open({ code: CODE }, RULES)
  fill(signedOut)
  await expect(signedOut.submit(false)).resolves.toEqual({ ok: false, reason: 'signin' })
  const l1 = draftStore(memoryStorage()).store
  await l1.open({ code: CODE }, RULES)
  fill(l1)
  await new Promise((r) => setTimeout(r, 50))
  await expect(l1.submit(false)).resolves.toEqual({ ok: false, reason: 'realname' })
  expect(l1.submitError).toBe('在线申请需要先完成实名认证')
  expect(fake.hits.some((h) => h.url === '/api/applications')).toBe(false)
  expect(l1.answers).toMatchObject({ bank: 'icbc' })
})
