// MyRequestsStore with the real ApiClient against a real local HTTP server: 我的诉求, one request's detail and the
// resident's actions, forgotten at sign-out.
import type { RequestDetail } from '@contract/request'
import { CONTENT, FILED, fake, newRoot } from './request-fake-api'
import { myRequestsOf } from '@/stores/my-requests'

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
  fake.route = (h) => {
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
  await myRequestsOf(root).loadList()
  expect(myRequestsOf(root).list.map((r) => r.number)).toEqual([FILED.number])
  await myRequestsOf(root).loadDetail(DETAIL.id)
  expect(myRequestsOf(root).details.get(DETAIL.id)?.can.rate).toBe(true)

  await myRequestsOf(root).rate(DETAIL.id, 2, ' 没解决 ')
  expect(fake.hits.at(-1)!.body).toEqual({ level: 2, comment: '没解决' })
  expect(myRequestsOf(root).details.get(DETAIL.id)?.can.reopen).toBe(true)
  expect(myRequestsOf(root).list[0].statusLabel).toBe('已评价')

  await myRequestsOf(root).reopen(DETAIL.id, '车还是停在那里')
  expect(fake.hits.at(-1)!.body).toEqual({ note: '车还是停在那里' })
  expect(myRequestsOf(root).details.get(DETAIL.id)?.status).toBe('processing')

  // Signed out: the resident's requests are no longer held (a shared device shows nothing of them).
  const token = root.session.token!
  root.session.clear()
  expect(myRequestsOf(root).list).toEqual([])
  expect(myRequestsOf(root).details.size).toBe(0)
  root.session.setToken(token)

  // A refused action comes back as the server's Chinese message.
  fake.route = () => ({ status: 409, body: { code: 'URGE_NOT_ALLOWED', message: '尚未超过办理时限，超期后才能催办' } })
  await expect(myRequestsOf(root).urge(DETAIL.id)).rejects.toMatchObject({ code: 'URGE_NOT_ALLOWED', message: '尚未超过办理时限，超期后才能催办' })
})

test('评价 sends 问题是否解决 when answered; a 差评 shows its 整改 (none, 404 or found) and the verdict is posted', async () => {
  const RECT = {
    id: '5d1c0000-0000-4000-8000-0000000000aa',
    status: 'done' as const,
    departmentName: '市公安局',
    openedAt: '2026-11-25T04:00:00.000Z',
    deadline: '2026-12-02T15:59:59.999Z',
    contact: { at: '2026-11-26T02:00:00.000Z', method: 'phone' as const, methodLabel: '电话', summary: '电话联系市民致歉' },
    result: '已加装隔离桩',
    doneAt: '2026-11-26T03:00:00.000Z',
    verdict: null,
    verdictAt: null,
  }
  let detail = DETAIL
  let rectification: { status: number; body: unknown } = { status: 200, body: { rectification: null } }
  fake.route = (h) => {
    if (h.method === 'GET' && h.url === `/api/requests/${DETAIL.id}`) return { status: 200, body: detail }
    if (h.method === 'GET' && h.url === `/api/requests/${DETAIL.id}/rectification`) return rectification
    if (h.url === `/api/requests/${DETAIL.id}/rate`) {
      const body = h.body as { level: number; resolved?: boolean }
      detail = { ...detail, status: 'rated', statusLabel: '已评价', rating: { level: body.level, resolved: body.resolved, at: '2026-11-25T03:00:00.000Z' } }
      return { status: 200, body: detail }
    }
    if (h.method === 'POST' && h.url === `/api/rectifications/${RECT.id}/verdict`) {
      const v = (h.body as { verdict: 'satisfied' | 'unsatisfied' }).verdict
      return { status: 200, body: { ...RECT, verdict: v, verdictAt: '2026-11-27T01:00:00.000Z' } }
    }
    return { status: 404, body: { code: 'NOT_FOUND', message: '未找到' } }
  }
  const root = newRoot()
  const store = myRequestsOf(root)

  // Not rated yet: refresh reads the detail only (no 差评, no 整改 to look for).
  await store.refresh(DETAIL.id)
  expect(fake.hits.map((h) => h.url).filter((u) => u.startsWith('/api/requests'))).toEqual([`/api/requests/${DETAIL.id}`])

  await store.rate(DETAIL.id, 1, '', false)
  expect(fake.hits.at(-1)!.body).toEqual({ level: 1, resolved: false })
  expect(store.details.get(DETAIL.id)?.rating).toMatchObject({ level: 1, resolved: false })

  // Rated 非常不满意: the 整改 is asked for; none yet → null (the page says it was passed on).
  await store.refresh(DETAIL.id)
  expect(fake.hits.at(-1)!.url).toBe(`/api/requests/${DETAIL.id}/rectification`)
  expect(store.rectificationStatus.get(DETAIL.id)).toBe('ready')
  expect(store.rectifications.get(DETAIL.id)).toBeNull()

  // A 404 (not this resident's, or an older server) is no card, not an error.
  rectification = { status: 404, body: { code: 'NOT_FOUND', message: '找不到该诉求' } }
  await store.loadRectification(DETAIL.id)
  expect(store.rectifications.get(DETAIL.id)).toBeNull()
  expect(store.rectificationErrors.get(DETAIL.id)).toBeUndefined()

  // Any other failure is kept for the card's retry.
  rectification = { status: 409, body: { code: 'CONFLICT', message: '请稍后再试' } }
  await store.loadRectification(DETAIL.id)
  expect(store.rectificationStatus.get(DETAIL.id)).toBe('failed')
  expect(store.rectificationErrors.get(DETAIL.id)?.message).toBe('请稍后再试')

  // Found: the 整改 with its 回访 and result; the resident's verdict goes to the 整改's own address.
  rectification = { status: 200, body: { rectification: RECT } }
  await store.loadRectification(DETAIL.id)
  expect(store.rectifications.get(DETAIL.id)).toEqual(RECT)
  await store.verdict(DETAIL.id, 'unsatisfied')
  expect(fake.hits.at(-1)).toMatchObject({ method: 'POST', url: `/api/rectifications/${RECT.id}/verdict`, body: { verdict: 'unsatisfied' } })
  expect(store.rectifications.get(DETAIL.id)?.verdict).toBe('unsatisfied')

  // A rating that leaves 问题是否解决 unanswered sends no `resolved`.
  detail = DETAIL
  await store.rate(DETAIL.id, 4, ' 还行 ')
  expect(fake.hits.at(-1)!.body).toEqual({ level: 4, comment: '还行' })

  // Signed out: the 整改 is forgotten with the rest.
  root.session.clear()
  expect(store.rectifications.size).toBe(0)
})
