// The app's SavedStore against the real API over HTTP: favourites kept on the device while signed out reach the
// account at sign-in, a second device sees them, and a change made while the API was unreachable is synced later.
import type { SessionResponse } from '@contract/auth'
import { buildApp, type App } from '../../server/app'
import type { Db } from '../../server/db'
import { RootStore } from '@/stores/root'
import { memoryStorage } from '@/stores/session'
import { httpTransport } from '../support/http-transport'
import { fakeEnv, startFakeWechat, type FakeWechat } from '../support/fakes'
import { databases, prepareDatabase, serve, testConfig, type Served } from './helpers'
import type { Transport } from '@/api/client'

describe.each(databases())('favourites sync from the app on $name', ({ open }) => {
  let db: Db
  let app: App
  let api: Served
  let wechat: FakeWechat
  let items: { code: string; name: string; department: { name: string } }[]
  let offline = false
  const transport: Transport = (req) => (offline ? Promise.reject(new Error('offline')) : httpTransport(req))

  beforeAll(async () => {
    wechat = await startFakeWechat()
    db = await prepareDatabase(await open())
    app = await buildApp({ config: testConfig(fakeEnv({ wechat })), db, logger: false })
    api = await serve(app)
    const r = await db.query<{ code: string; name: string; department: string }>(
      `SELECT s.code, s.name, d.name AS department FROM services s JOIN departments d ON d.code = s.department_code ORDER BY s.code LIMIT 3`,
    )
    items = r.rows.map((row) => ({ code: row.code, name: row.name, department: { name: row.department } }))
  })
  afterAll(async () => {
    await api?.close()
    await db?.close()
    await wechat?.close()
  })

  const device = () => new RootStore({ baseUrl: `${api.url}/api`, transport, storage: memoryStorage(), catalog: { debounceMs: 0 } })
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20))
    expect(check()).toBe(true)
  }
  const session = async (code: string) => (await api.request({ method: 'POST', url: '/api/auth/wechat', payload: { code } })).json<SessionResponse>()

  it('brings signed-out favourites into the account at sign-in and shows them on a second device', async () => {
    const phone = device()
    phone.saved.toggleFavourite(items[0])
    phone.saved.viewed(items[1])
    expect(phone.saved.syncStatus).toBe('idle')
    const { token } = await session('ok-sync1')
    phone.session.setToken(token)
    await until(() => phone.saved.syncStatus === 'ready')

    const tablet = device()
    tablet.session.setToken((await session('ok-sync1.2')).token)
    await until(() => tablet.saved.syncStatus === 'ready')
    expect(tablet.saved.favourites.map((f) => f.code)).toEqual([items[0].code])
    expect(tablet.saved.recent.map((r) => r.code)).toEqual([items[1].code])
    expect(tablet.saved.favourites[0].name).toBe(items[0].name)
  })

  it('keeps a removal made offline and sends it at the next sync', async () => {
    const phone = device()
    phone.session.setToken((await session('ok-sync1.3')).token)
    await until(() => phone.saved.syncStatus === 'ready')
    expect(phone.saved.isFavourite(items[0].code)).toBe(true)
    offline = true
    phone.saved.toggleFavourite(items[0])
    phone.saved.toggleFavourite(items[2])
    await phone.saved.sync()
    expect(phone.saved.syncStatus).toBe('failed')
    expect(phone.saved.favourites.map((f) => f.code)).toEqual([items[2].code])
    offline = false
    await phone.saved.sync()
    expect(phone.saved.syncStatus).toBe('ready')
    const other = device()
    other.session.setToken((await session('ok-sync1.4')).token)
    await until(() => other.saved.syncStatus === 'ready')
    expect(other.saved.favourites.map((f) => f.code)).toEqual([items[2].code])
  })
})
