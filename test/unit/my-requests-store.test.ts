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
