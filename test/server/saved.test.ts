// 我的收藏 / 最近浏览 synced for signed-in residents: add, remove, merge the device's lists, trim, follow an account merge, export.
import type { SessionResponse } from '@contract/auth'
import type { MeExport } from '@contract/me'
import type { SavedLists } from '@contract/saved'
import { buildApp, type App } from '../../server/app'
import type { Db } from '../../server/db'
import { fakeEnv, startFakeSms, startFakeWechat, type FakeSms, type FakeWechat } from '../support/fakes'
import { databases, inject, prepareDatabase, testConfig, type Served } from './helpers'
import { fullExport } from './export-code'

describe.each(databases())('saved services on $name', ({ open }) => {
  let db: Db
  let app: App
  let api: Served
  let wechat: FakeWechat
  let sms: FakeSms
  let now = new Date('2026-11-24T02:00:00Z')
  let codes: string[]

  beforeAll(async () => {
    ;[wechat, sms] = await Promise.all([startFakeWechat(), startFakeSms()])
    db = await prepareDatabase(await open())
    app = await buildApp({ config: testConfig(fakeEnv({ wechat, sms })), db, clock: () => now, logger: false })
    api = await inject(app)
    const r = await db.query<{ code: string }>(`SELECT code FROM services WHERE status = 'active' ORDER BY code LIMIT 30`)
    codes = r.rows.map((row) => row.code)
  })
  afterAll(async () => {
    await api?.close()
    await db?.close()
    await Promise.all([wechat?.close(), sms?.close()])
  })

  const tick = () => {
    now = new Date(now.getTime() + 1000)
  }
  const auth = (token: string) => ({ authorization: `Bearer ${token}` })
  const signIn = async (code: string) => (await api.request({ method: 'POST', url: '/api/auth/wechat', payload: { code } })).json<SessionResponse>()
  const saved = async (token: string) => {
    const res = await api.request({ url: '/api/me/saved', headers: auth(token) })
    expect(res.statusCode).toBe(200)
    return res.json<SavedLists>()
  }

  it('needs a session', async () => {
    expect((await api.request({ url: '/api/me/saved' })).statusCode).toBe(401)
    expect((await api.request({ method: 'PUT', url: `/api/me/favourites/${codes[0]}` })).statusCode).toBe(401)
  })

  it('adds and removes favourites, newest first, with the name and department to show', async () => {
    const { token } = await signIn('ok-fav1')
    expect((await api.request({ method: 'PUT', url: `/api/me/favourites/${codes[0]}`, headers: auth(token) })).statusCode).toBe(204)
    tick()
    await api.request({ method: 'PUT', url: `/api/me/favourites/${codes[1]}`, headers: auth(token) })
    // Saving again changes nothing.
    await api.request({ method: 'PUT', url: `/api/me/favourites/${codes[0]}`, headers: auth(token) })
    const lists = await saved(token)
    expect(lists.favourites.map((f) => f.code)).toEqual([codes[1], codes[0]])
    expect(lists.favourites[0]).toEqual({ code: codes[1], name: expect.any(String), department: expect.any(String), at: now.getTime() })
    const unknown = await api.request({ method: 'PUT', url: '/api/me/favourites/no-such-item', headers: auth(token) })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual({ code: 'SERVICE_NOT_FOUND', message: expect.stringContaining('没有找到') })
    expect((await api.request({ method: 'DELETE', url: `/api/me/favourites/${codes[1]}`, headers: auth(token) })).statusCode).toBe(204)
    expect((await saved(token)).favourites.map((f) => f.code)).toEqual([codes[0]])
  })

  it('keeps the 20 most recent views, the latest view of an item first', async () => {
    const { token } = await signIn('ok-recent1')
    for (const code of codes.slice(0, 22)) {
      tick()
      expect((await api.request({ method: 'POST', url: '/api/me/recent', payload: { code }, headers: auth(token) })).statusCode).toBe(204)
    }
    tick()
    await api.request({ method: 'POST', url: '/api/me/recent', payload: { code: codes[5] }, headers: auth(token) })
    const recent = (await saved(token)).recent.map((r) => r.code)
    expect(recent).toHaveLength(20)
    expect(recent[0]).toBe(codes[5])
    expect(recent).not.toContain(codes[0])
    expect(recent).not.toContain(codes[1])
    expect((await api.request({ method: 'DELETE', url: '/api/me/recent', headers: auth(token) })).statusCode).toBe(204)
    expect((await saved(token)).recent).toEqual([])
  })

  it('merges what the device kept while signed out, honours removals and ignores unknown items', async () => {
    const { token } = await signIn('ok-merge1')
    await api.request({ method: 'PUT', url: `/api/me/favourites/${codes[2]}`, headers: auth(token) })
    await api.request({ method: 'PUT', url: `/api/me/favourites/${codes[3]}`, headers: auth(token) })
    const device = now.getTime() - 60_000
    const res = await api.request({
      method: 'POST',
      url: '/api/me/saved/merge',
      headers: auth(token),
      payload: {
        favourites: [{ code: codes[4], at: device }, { code: codes[4], at: device - 5 }, { code: 'gone-item', at: device }, { code: codes[5], at: now.getTime() + 9e9 }],
        recent: [{ code: codes[6], at: device }],
        removedFavourites: [codes[3]],
      },
    })
    expect(res.statusCode).toBe(200)
    const lists = res.json<SavedLists>()
    expect(lists.favourites.map((f) => f.code).sort()).toEqual([codes[2], codes[4], codes[5]].sort())
    // A mark from the device's future is taken as now.
    expect(lists.favourites.find((f) => f.code === codes[5])?.at).toBe(now.getTime())
    expect(lists.recent.map((r) => r.code)).toEqual([codes[6]])
    const bad = await api.request({ method: 'POST', url: '/api/me/saved/merge', headers: auth(token), payload: { favourites: 'x' } })
    expect(bad.statusCode).toBe(400)
  })

  it('follows the resident when two accounts become one, and appears in the data export', async () => {
    const a = await signIn('ok-merge-a')
    await api.request({ method: 'PUT', url: `/api/me/favourites/${codes[7]}`, headers: auth(a.token) })
    // Another account on the same phone, with its own favourites.
    await api.request({ method: 'POST', url: '/api/auth/sms/send', payload: { phone: '13800138011' } })
    const b = (await api.request({ method: 'POST', url: '/api/auth/sms/verify', payload: { phone: '13800138011', code: sms.lastCode('13800138011') } })).json<SessionResponse>()
    await api.request({ method: 'PUT', url: `/api/me/favourites/${codes[7]}`, headers: auth(b.token) })
    await api.request({ method: 'PUT', url: `/api/me/favourites/${codes[8]}`, headers: auth(b.token) })
    // The WeChat account verifies that phone: the two accounts merge.
    now = new Date(now.getTime() + 61_000)
    await api.request({ method: 'POST', url: '/api/auth/sms/send', payload: { phone: '13800138011' } })
    const linked = await api.request({
      method: 'POST',
      url: '/api/auth/sms/verify',
      payload: { phone: '13800138011', code: sms.lastCode('13800138011') },
      headers: auth(a.token),
    })
    expect(linked.statusCode).toBe(200)
    const token = linked.json<SessionResponse>().token
    expect((await saved(token)).favourites.map((f) => f.code).sort()).toEqual([codes[7], codes[8]].sort())
    const exported = (await fullExport(app, auth(token))).json<MeExport>()
    expect((exported.records['收藏与最近浏览'] as SavedLists).favourites).toHaveLength(2)
    // Erasure takes them too.
    const userId = linked.json<SessionResponse>().user.id
    const erased = await api.request({ method: 'DELETE', url: '/api/me', headers: auth(token) })
    expect(erased.body).toBe('')
    expect(erased.statusCode).toBe(204)
    const left = await db.query('SELECT 1 FROM saved_favourites WHERE user_id = $1 UNION ALL SELECT 1 FROM saved_recent WHERE user_id = $1', [userId])
    expect(left.rowCount).toBe(0)
  })
})
