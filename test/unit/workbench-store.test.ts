// WorkbenchStore with the real ApiClient against a real local HTTP server: the staff queues by role, the audited
// contact reveal and the state machine's actions, all under the staff token.
import type { QueueItem, StaffRequestDetail } from '@contract/request'
import { fake, newRoot } from './request-fake-api'
import { workbenchOf } from '@/stores/workbench'

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
  fake.route = (h) => {
    if (h.url === '/api/auth/staff') return { status: 200, body: { token: 'staff-1', expiresAt: '2026-11-25T00:00:00.000Z', staff: profile } }
    if (h.url.startsWith('/api/staff/requests?')) return { status: 200, body: { items, total: items.length, page: 1, pageSize: 100 } }
    return { status: 404, body: { code: 'NOT_FOUND', message: '未找到' } }
  }
  const root = newRoot()
  await root.staff.login('hotline', 'pw')
  expect(workbenchOf(root).tabs.map((t) => t.label)).toEqual(['待受理派单', '退单', '延期申请', '待审核答复', '已超期', '全部'])
  await workbenchOf(root).loadQueue(true)
  expect(fake.hits.at(-1)!.url).toBe('/api/staff/requests?queue=dispatch&status=submitted%2Caccepted&page=1&pageSize=100')
  expect(fake.hits.at(-1)!.auth).toBe('Bearer staff-1')
  expect(workbenchOf(root).queue.map((i) => i.number)).toEqual([items[2].number, items[1].number, items[0].number])

  workbenchOf(root).setTab('extensions')
  await new Promise((r) => setTimeout(r, 50))
  expect(workbenchOf(root).queue.map((i) => i.id)).toEqual(['id-2'])
  expect(workbenchOf(root).queueTotal).toBe(1)
})

test('workbench: 查看 reveals the contact with the staff token; a 409 answer reloads the record so the buttons match', async () => {
  const profile = { id: 's2', username: 'police', displayName: '民警', role: 'dept_staff', departmentCode: 'gz-police' }
  // The fields the client checks of a record (AnswerShape); the rest does not matter here.
  const record = {
    id: 'id-9',
    number: 'GZ2026112400009',
    status: 'dispatched',
    photos: [],
    contact: { masked: true },
    merged: [],
    timeline: [],
    actions: ['sign', 'return'],
  } as unknown as StaffRequestDetail
  fake.route = (h) => {
    if (h.url === '/api/auth/staff') return { status: 200, body: { token: 'staff-2', expiresAt: '2026-11-25T00:00:00.000Z', staff: profile } }
    if (h.url === '/api/staff/requests/id-9/contact') return { status: 200, body: { name: '张三明', phone: '13800138000' } }
    if (h.url === '/api/staff/requests/id-9/actions') return { status: 409, body: { code: 'ILLEGAL_TRANSITION', message: '诉求当前状态为“已签收”，不能执行“签收”' } }
    if (h.url === '/api/staff/requests/id-9') return { status: 200, body: { ...record, actions: ['reply', 'return', 'request-extension'] } }
    return { status: 404, body: { code: 'NOT_FOUND', message: '未找到' } }
  }
  const root = newRoot()
  await root.staff.login('police', 'pw')
  expect(workbenchOf(root).tabs.map((t) => t.label)).toEqual(['待签收', '办理中', '已超期', '全部'])

  await expect(workbenchOf(root).reveal('id-9')).resolves.toEqual({ name: '张三明', phone: '13800138000' })
  const reveal = fake.hits.find((h) => h.url === '/api/staff/requests/id-9/contact')!
  expect(reveal.method).toBe('POST')
  expect(reveal.auth).toBe('Bearer staff-2')

  await expect(workbenchOf(root).act('id-9', { action: 'sign' })).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' })
  expect(fake.hits.find((h) => h.url === '/api/staff/requests/id-9/actions')!.body).toEqual({ action: 'sign' })
  await new Promise((r) => setTimeout(r, 50))
  expect(workbenchOf(root).details.get('id-9')?.actions).toEqual(['reply', 'return', 'request-extension'])
  // The resident's session was never used by the workbench.
  expect(fake.hits.filter((h) => h.url.startsWith('/api/staff/')).every((h) => h.auth === 'Bearer staff-2')).toBe(true)

  // Signing out (or another clerk signing in) forgets the revealed contact and every record.
  expect(workbenchOf(root).revealed.size).toBe(1)
  await root.staff.logout()
  expect(workbenchOf(root).revealed.size).toBe(0)
  expect(workbenchOf(root).details.size).toBe(0)
})
