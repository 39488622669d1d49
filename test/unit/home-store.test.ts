// HomeStore with the real ApiClient over real HTTP to a fake API: 待办 only when signed in, notices for everyone,
// each part failing on its own with a Chinese message and retrying, a 401 on 待办 meaning "signed out", one notice.
import { ApiClient } from '@/api/client'
import { bodyOf } from '@/stores/announcements-desk'
import { HomeStore, HOME_NOTICES } from '@/stores/home'
import { useFakeApi } from '../support/fake-api'
import { httpTransport } from '../support/http-transport'

const fake = useFakeApi()

const NOTICE = {
  id: '7f0c2a52-1d0e-4a43-9d0c-1c6d1e0f0a01',
  title: '元旦假期窗口安排',
  body: '1 月 1 日至 3 日各区政务服务中心休息。',
  startsAt: '2026-12-01T00:00:00.000Z',
  audience: 'all',
  publishedAt: '2026-12-01T00:00:00.000Z',
}
const TODO = {
  kind: 'appointment',
  title: '居民身份证换领 预约',
  detail: '天河区政务服务中心',
  when: '2026-12-08T01:00:00.000Z',
  page: 'appointment',
  id: 'a1',
}

function storeFor(token: string | undefined) {
  let signedIn = token !== undefined
  const api = new ApiClient({ baseUrl: fake.baseUrl, transport: httpTransport, getToken: () => (signedIn ? token : undefined), onUnauthorized: () => (signedIn = false), retryDelaysMs: [] })
  return { store: new HomeStore(api, () => signedIn), signOut: () => (signedIn = false) }
}

describe('HomeStore', () => {
  it('signed out: loads notices, asks for no 待办', async () => {
    fake.route = (hit) => (hit.url.startsWith('/api/announcements') ? { status: 200, body: { items: [NOTICE] } } : { status: 500, body: { code: 'INTERNAL', message: '不应请求' } })
    const { store } = storeFor(undefined)
    await store.load()
    expect(store.notices.map((n) => n.title)).toEqual(['元旦假期窗口安排'])
    expect(store.noticesStatus).toBe('ready')
    expect(store.todoStatus).toBe('idle')
    expect(store.todo).toEqual([])
    expect(fake.hits.map((h) => h.url)).toEqual([`/api/announcements?limit=${HOME_NOTICES}`])
  })

  it('signed in: loads 待办 with the token; a failure of one part leaves the other and retries', async () => {
    let todoFails = true
    fake.route = (hit) => {
      if (hit.url === '/api/me/todo') return todoFails ? { status: 503, body: { code: 'SERVICE_UNAVAILABLE', message: '服务繁忙，请稍后再试' } } : { status: 200, body: { items: [TODO] } }
      return { status: 200, body: { items: [NOTICE] } }
    }
    const { store } = storeFor('t'.repeat(40))
    await store.load()
    expect(store.todoStatus).toBe('failed')
    expect(store.todoError).toMatch(/[\u4e00-\u9fa5]/)
    expect(store.noticesStatus).toBe('ready')
    expect(fake.hits.find((h) => h.url === '/api/me/todo')?.auth).toBe(`Bearer ${'t'.repeat(40)}`)

    todoFails = false
    await store.loadTodo()
    expect(store.todoStatus).toBe('ready')
    expect(store.todo).toEqual([TODO])
  })

  it('a 401 on 待办 (session ended) shows the signed-out home, not an error', async () => {
    fake.route = (hit) => (hit.url === '/api/me/todo' ? { status: 401, body: { code: 'UNAUTHORIZED', message: '登录已失效，请重新登录' } } : { status: 200, body: { items: [] } })
    const { store } = storeFor('u'.repeat(40))
    await store.load()
    expect(store.todoStatus).toBe('idle')
    expect(store.todoError).toBe('')
    expect(store.notices).toEqual([])
  })

  it('loads one notice, and says so in Chinese when it is gone', async () => {
    fake.route = (hit) =>
      hit.url === `/api/announcements/${NOTICE.id}` ? { status: 200, body: NOTICE } : { status: 404, body: { code: 'ANNOUNCEMENT_NOT_FOUND', message: '没有找到这条公告，可能已撤回或过期' } }
    const { store } = storeFor(undefined)
    await store.loadNotice(NOTICE.id)
    expect(store.notice?.body).toBe(NOTICE.body)
    await store.loadNotice('00000000-0000-4000-8000-000000000000')
    expect(store.noticeStatus).toBe('failed')
    expect(store.noticeError).toBe('没有找到这条公告，可能已撤回或过期')
    expect(store.notice).toBeNull()
  })
})

describe('the admin 通知公告 form', () => {
  it('turns Guangzhou dates into the period and words the first problem in Chinese', () => {
    const form = { title: ' 停水通知 ', body: '正文', from: '2026-12-01', to: '2026-12-03', audience: 'residents' as const }
    expect(bodyOf(form)).toEqual({ title: '停水通知', body: '正文', startsAt: '2026-11-30T16:00:00.000Z', endsAt: '2026-12-03T16:00:00.000Z', audience: 'residents' })
    expect(bodyOf({ ...form, to: '' })).not.toHaveProperty('endsAt')
    expect(bodyOf({ ...form, title: ' ' })).toBe('请填写标题')
    expect(bodyOf({ ...form, to: '2026-11-30' })).toBe('结束日期不能早于开始日期')
    expect(bodyOf({ ...form, from: '12/01' })).toMatch(/开始日期格式/)
  })
})
