// 通知公告: only admins publish, edit and withdraw; the public list follows the period and the audience; every 4xx is {code, message}.
import type { AdminAnnouncement, AnnouncementList } from '@contract/announcements'
import type { SessionResponse, StaffSessionResponse } from '@contract/auth'
import { buildApp, type App } from '../../server/app'
import { createDataCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'
import { createStaffRepo } from '../../server/modules/staff/repo'
import { createStaffService } from '../../server/modules/staff/service'
import { fakeEnv, startFakeSms, startFakeWechat, type FakeSms, type FakeWechat } from '../support/fakes'
import { databases, inject, prepareDatabase, testConfig, type Served } from './helpers'
import { randomBytes } from 'node:crypto'

const KEY = randomBytes(32)
const PASSWORD = 'Notices2026ok'

describe.each(databases())('announcements on $name', ({ open }) => {
  let db: Db
  let app: App
  let api: Served
  let wechat: FakeWechat
  let sms: FakeSms
  let now = new Date('2026-12-01T02:00:00Z')
  let adminToken: string
  let clerkToken: string
  let residentToken: string

  beforeAll(async () => {
    ;[wechat, sms] = await Promise.all([startFakeWechat(), startFakeSms()])
    db = await prepareDatabase(await open())
    const staff = createStaffService({ db, repo: createStaffRepo(db), crypto: createDataCrypto(KEY), clock: () => now })
    await staff.create({ username: 'notice-admin', password: PASSWORD, role: 'admin' })
    await staff.create({ username: 'notice-clerk', password: PASSWORD, role: 'dispatcher' })
    app = await buildApp({ config: testConfig({ ...fakeEnv({ wechat, sms }), DATA_KEY: KEY.toString('base64') }), db, clock: () => now, logger: false })
    api = await inject(app)
    const login = async (username: string) =>
      (await api.request({ method: 'POST', url: '/api/auth/staff', payload: { username, password: PASSWORD } })).json<StaffSessionResponse>().token
    adminToken = await login('notice-admin')
    clerkToken = await login('notice-clerk')
    residentToken = (await api.request({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'ok-notice' } })).json<SessionResponse>().token
  }, 180_000) // migrating and seeding takes ~20 s alone; more on a loaded CI box
  afterAll(async () => {
    await api?.close()
    await db?.close()
    await Promise.all([wechat?.close(), sms?.close()])
  })

  const auth = (token?: string) => (token ? { authorization: `Bearer ${token}` } : undefined)
  const publish = (body: object, token = adminToken) => api.request({ method: 'POST', url: '/api/admin/announcements', headers: auth(token), payload: body })
  const list = async (token?: string) => {
    const res = await api.request({ url: '/api/announcements', headers: auth(token) })
    expect(res.statusCode).toBe(200)
    return res.json<AnnouncementList>().items.map((a) => a.title)
  }
  const notice = (title: string, extra: object = {}) => ({
    title,
    body: `${title}的正文。`,
    startsAt: '2026-12-01T00:00:00Z',
    audience: 'all',
    ...extra,
  })
  const expectError = (res: { statusCode: number; json(): unknown }, status: number, code: string) => {
    expect(res.statusCode).toBe(status)
    expect(res.json()).toEqual({ code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) })
  }

  it('lets only admins publish, edit and withdraw', async () => {
    expectError(await publish(notice('居民发布'), clerkToken), 403, 'FORBIDDEN')
    expectError(await publish(notice('居民发布'), residentToken), 403, 'FORBIDDEN')
    expectError(await api.request({ method: 'POST', url: '/api/admin/announcements', payload: notice('未登录') }), 401, 'UNAUTHORIZED')
    expectError(await api.request({ url: '/api/admin/announcements', headers: auth(clerkToken) }), 403, 'FORBIDDEN')
    expect(await list()).toEqual([])

    const res = await publish(notice('元旦假期窗口安排'))
    expect(res.statusCode).toBe(201)
    const created = res.json<AdminAnnouncement>()
    expect(created).toMatchObject({ title: '元旦假期窗口安排', audience: 'all', state: 'active', startsAt: '2026-12-01T00:00:00.000Z' })
    expect(await list()).toEqual(['元旦假期窗口安排'])

    const edited = await api.request({ method: 'PUT', url: `/api/admin/announcements/${created.id}`, headers: auth(adminToken), payload: notice('元旦假期窗口安排（更新）') })
    expect(edited.statusCode).toBe(200)
    expect(await list()).toEqual(['元旦假期窗口安排（更新）'])
    const one = await api.request(`/api/announcements/${created.id}`)
    expect(one.json()).toMatchObject({ title: '元旦假期窗口安排（更新）', body: '元旦假期窗口安排（更新）的正文。' })

    expectError(await api.request({ method: 'POST', url: `/api/admin/announcements/${created.id}/withdraw`, headers: auth(clerkToken) }), 403, 'FORBIDDEN')
    const withdrawn = await api.request({ method: 'POST', url: `/api/admin/announcements/${created.id}/withdraw`, headers: auth(adminToken) })
    expect(withdrawn.json()).toMatchObject({ state: 'withdrawn', withdrawnAt: now.toISOString() })
    expect(await list()).toEqual([])
    expectError(await api.request(`/api/announcements/${created.id}`), 404, 'ANNOUNCEMENT_NOT_FOUND')
    expectError(await api.request({ method: 'POST', url: `/api/admin/announcements/${created.id}/withdraw`, headers: auth(adminToken) }), 409, 'ANNOUNCEMENT_WITHDRAWN')
    expectError(
      await api.request({ method: 'PUT', url: `/api/admin/announcements/${created.id}`, headers: auth(adminToken), payload: notice('改已撤回的') }),
      409,
      'ANNOUNCEMENT_WITHDRAWN',
    )
    // The withdrawn notice stays on the admin's list, marked so.
    const all = (await api.request({ url: '/api/admin/announcements', headers: auth(adminToken) })).json<{ items: AdminAnnouncement[] }>()
    expect(all.items.find((a) => a.id === created.id)?.state).toBe('withdrawn')
  })

  it('shows a notice only in its period and to its audience', async () => {
    await publish(notice('给居民', { audience: 'residents' }))
    await publish(notice('给工作人员', { audience: 'staff' }))
    await publish(notice('给所有人', { audience: 'all', endsAt: '2026-12-03T00:00:00Z' }))
    await publish(notice('下周生效', { startsAt: '2026-12-08T00:00:00Z' }))
    const forResidents = ['给居民', '给所有人']
    expect((await list()).sort()).toEqual(forResidents.sort())
    expect((await list(residentToken)).sort()).toEqual(forResidents.sort())
    expect((await list(clerkToken)).sort()).toEqual(['给工作人员', '给所有人'].sort())
    // A stale or made-up token reads as a visitor, not an error.
    expect((await list('x'.repeat(40))).sort()).toEqual(forResidents.sort())

    const staffOnly = (await api.request({ url: '/api/admin/announcements', headers: auth(adminToken) })).json<{ items: AdminAnnouncement[] }>().items
    const staffNotice = staffOnly.find((a) => a.title === '给工作人员') as AdminAnnouncement
    expectError(await api.request(`/api/announcements/${staffNotice.id}`), 404, 'ANNOUNCEMENT_NOT_FOUND')
    expect((await api.request({ url: `/api/announcements/${staffNotice.id}`, headers: auth(clerkToken) })).statusCode).toBe(200)
    expect(staffOnly.find((a) => a.title === '下周生效')?.state).toBe('scheduled')

    now = new Date('2026-12-08T01:00:00Z')
    expect((await list()).sort()).toEqual(['下周生效', '给居民'].sort())
    const ended = staffOnly.find((a) => a.title === '给所有人') as AdminAnnouncement
    expectError(await api.request(`/api/announcements/${ended.id}`), 404, 'ANNOUNCEMENT_NOT_FOUND')
  })

  it('refuses bad input with {code, message} and writes nothing', async () => {
    now = new Date('2026-12-01T03:00:00Z') // back inside the staff sessions' 8 hours
    const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM announcements')).rows[0].n
    expectError(await publish(notice('倒着的时段', { startsAt: '2026-12-10T00:00:00Z', endsAt: '2026-12-09T00:00:00Z' })), 400, 'ANNOUNCEMENT_BAD_PERIOD')
    expectError(await publish(notice('无效时间', { startsAt: '2026-13-45T00:00:00Z' })), 400, 'VALIDATION_FAILED')
    expectError(await publish(notice('', {})), 400, 'VALIDATION_FAILED')
    expectError(await publish(notice('受众', { audience: 'everyone' })), 400, 'VALIDATION_FAILED')
    expectError(await publish(notice('T'.repeat(81))), 400, 'VALIDATION_FAILED')
    expectError(await publish({ title: '缺正文', startsAt: '2026-12-01T00:00:00Z', audience: 'all' }), 400, 'VALIDATION_FAILED')
    expectError(await api.request('/api/announcements/not-a-uuid'), 400, 'VALIDATION_FAILED')
    expectError(await api.request('/api/announcements/00000000-0000-4000-8000-000000000000'), 404, 'ANNOUNCEMENT_NOT_FOUND')
    expectError(await api.request('/api/announcements?limit=0'), 400, 'VALIDATION_FAILED')
    expectError(
      await api.request({ method: 'PUT', url: '/api/admin/announcements/00000000-0000-4000-8000-000000000000', headers: auth(adminToken), payload: notice('无此公告') }),
      404,
      'ANNOUNCEMENT_NOT_FOUND',
    )
    const after = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM announcements')).rows[0].n
    expect(after).toBe(before)
  })
})
