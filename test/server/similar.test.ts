// Similar requests through the API as each role reads them: the resident's 已有类似诉求 (public or own only, masked summaries,
// narrowing by type, place and time, merged ones hidden), the dispatcher's related panel (duplicates, merge in one action,
// entities with their departments, hotspots) and the entity history at the top of the dispatch suggestion.
import { randomBytes } from 'node:crypto'
import type { DepartmentSuggestion, FiledRequest } from '@contract/request'
import type { EntityDossier, HotspotList, RelatedResult, SimilarResult } from '@contract/similar'
import { buildApp } from '../../server/app'
import { createSession } from '../../server/auth'
import { createDataCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'
import { SIMILAR_CUT } from '../../server/modules/similar/score'
import { databases, inject, prepareDatabase, testConfig, type Served } from './helpers'
import { makeResident, makeStaff } from './similar-support'

const KEY = randomBytes(32)
const DAY = 86_400_000
const TIYUXI = { lat: 23.1365, lng: 113.321, address: '天河区体育西路123号', district: '天河区' }

describe.each(databases())('similar requests on $name', ({ open }) => {
  let db: Db
  let api: Served
  let now = new Date('2026-11-24T04:00:00Z')
  const h: Record<string, Record<string, string>> = {}
  const residents: Record<string, string> = {}
  let n = 0

  /** Residents' sessions last 30 days and the tests move the clock across months: a fresh session at `now` each time. */
  async function as(who: string): Promise<Record<string, string>> {
    if (!residents[who]) return h[who]
    const { token } = await createSession(db, { userId: residents[who], provider: 'sms' }, now)
    return { authorization: `Bearer ${token}` }
  }

  const file = async (who: string, body: object): Promise<FiledRequest> => {
    const res = await api.request({ method: 'POST', url: '/api/requests', headers: { ...(await as(who)), 'idempotency-key': `similar-${++n}-key` }, payload: body })
    expect(res.statusCode).toBe(201)
    return res.json<FiledRequest>()
  }
  const similarResult = async (who: string, body: object) => {
    const res = await api.request({ method: 'POST', url: '/api/requests/similar', headers: await as(who), payload: body })
    expect(res.statusCode).toBe(200)
    return res.json<SimilarResult>()
  }
  const similar = async (who: string, body: object) => (await similarResult(who, body)).items
  const related = async (who: string, id: string) => api.request({ url: `/api/staff/requests/${id}/related`, headers: await as(who) })
  const act = async (who: string, id: string, body: object) => {
    const res = await api.request({ method: 'POST', url: `/api/staff/requests/${id}/actions`, headers: h[who], payload: body })
    expect({ status: res.statusCode, body: res.body.slice(0, 200) }).toMatchObject({ status: 200 })
  }

  beforeAll(async () => {
    db = await prepareDatabase(await open())
    const crypto = createDataCrypto(KEY)
    const app = await buildApp({ config: testConfig({ DATA_KEY: KEY.toString('base64') }), db, clock: () => now, logger: false, crypto })
    api = await inject(app)
    const sessionsAt = new Date('2026-11-24T00:00:00Z')
    residents.alice = (await makeResident(db, crypto, '13800138000', now)).id
    residents.bob = (await makeResident(db, crypto, '13900139000', now)).id
    residents.carol = (await makeResident(db, crypto, '13700137001', now)).id
    h.hotline = (await makeStaff(db, 'sim-hotline', 'dispatcher', null, sessionsAt)).headers
    h.market = (await makeStaff(db, 'sim-market', 'dept_staff', 'gz-market-regulation', sessionsAt)).headers
  }, 120_000)
  afterAll(async () => {
    await api?.close()
    await db?.close()
  })

  it('answers 401 without a session and 400 for an empty draft', async () => {
    expect((await api.request({ method: 'POST', url: '/api/requests/similar', payload: { content: '井盖丢失' } })).statusCode).toBe(401)
    expect((await api.request({ method: 'POST', url: '/api/requests/similar', headers: await as('alice'), payload: { content: '' } })).statusCode).toBe(400)
  })

  let bobPublic: FiledRequest
  let bobPrivate: FiledRequest
  it('shows a resident public requests and their own, best first, masked, never another resident’s private one', async () => {
    // A request from 100 days ago: outside the time window.
    now = new Date('2026-08-16T04:00:00Z')
    const old = await file('bob', { type: 'help', category: 'urban.facility', content: '体育西路123号门口井盖丢失，晚上很危险，请派人处理', location: TIYUXI, public: true })
    now = new Date('2026-11-20T04:00:00Z')
    bobPublic = await file('bob', {
      type: 'help',
      category: 'urban.facility',
      content: '天河区体育西路123号门口的井盖丢失了，晚上路过的人很容易掉下去。我叫张伟，电话13912345678',
      location: TIYUXI,
      public: true,
    })
    bobPrivate = await file('bob', { type: 'help', category: 'urban.facility', content: '体育西路123号门口井盖丢失了，很危险，赶紧处理', location: TIYUXI })
    now = new Date('2026-11-24T04:00:00Z')
    // Filing indexes at once (no job needed).
    const indexed = await db.query('SELECT 1 FROM similar_docs d JOIN requests r ON r.id = d.request_id WHERE r.number = $1', [bobPublic.number])
    expect(indexed.rowCount).toBe(1)

    const draft = { content: '体育西路123号那里的沙井盖不见了，黑灯瞎火的好危险', type: 'complaint', district: '天河区', lat: 23.1367, lng: 113.3212 }
    const items = await similar('alice', draft)
    expect(items.map((i) => i.id)).toEqual([bobPublic.id])
    expect(items[0]).toMatchObject({ number: bobPublic.number, status: 'submitted', statusLabel: '已提交', mine: false })
    expect(items[0].score).toBeGreaterThanOrEqual(SIMILAR_CUT)
    expect(items[0].distanceMeters).toBeLessThan(50)
    expect(items[0].summary).toContain('井盖丢失')
    for (const secret of ['13912345678', '张伟']) expect(items[0].summary).not.toContain(secret)
    expect(items[0].summary).toContain('139****5678')
    expect(items.some((i) => i.id === old.id || i.id === bobPrivate.id)).toBe(false)

    // Bob sees his own private one too, marked as his.
    const bobs = await similar('bob', draft)
    expect(bobs.map((i) => [i.id, i.mine])).toEqual(expect.arrayContaining([[bobPrivate.id, true], [bobPublic.id, true]]))
    expect(bobs.some((i) => i.id === old.id)).toBe(false)
  })

  it('narrows by type group, district and distance', async () => {
    const text = '体育西路123号那里的沙井盖不见了，黑灯瞎火的好危险'
    expect(await similar('alice', { content: text, type: 'consult' })).toEqual([])
    expect(await similar('alice', { content: text, type: 'help', district: '番禺区' })).toEqual([])
    // 5 km north: not the same manhole.
    expect(await similar('alice', { content: text, type: 'help', lat: 23.1815, lng: 113.321 })).toEqual([])
    expect((await similar('alice', { content: text })).map((i) => i.id)).toEqual([bobPublic.id])
    // A different problem at the same address is not a twin: it is listed apart, below the cut, as nearby (附近或相关的诉求),
    // public or the resident's own only, masked like the rest.
    const fumes = await similarResult('alice', { content: '体育西路123号一楼餐馆油烟直排，楼上窗户全是油', type: 'complaint', lat: 23.1365, lng: 113.321 })
    expect(fumes.items).toEqual([])
    expect(fumes.related.map((i) => i.id)).toEqual([bobPublic.id])
    expect(fumes.related[0].score).toBeLessThan(SIMILAR_CUT)
    expect(fumes.related[0].summary).toContain('139****5678')
    expect(fumes.related[0].summary).not.toContain('13912345678')
    const bobsFumes = await similarResult('bob', { content: '体育西路123号一楼餐馆油烟直排，楼上窗户全是油', type: 'complaint', lat: 23.1365, lng: 113.321 })
    expect(bobsFumes.related.map((i) => i.id).sort()).toEqual([bobPublic.id, bobPrivate.id].sort())
  })

  let aliceTwin: FiledRequest
  it('gives the dispatcher duplicates and merges with one action; the merged one leaves the residents’ list', async () => {
    aliceTwin = await file('alice', { type: 'complaint', category: 'urban.facility', content: '反映：天河体育西路１２３号门前窨井盖缺失，晚上路过很危险', location: { ...TIYUXI, lat: 23.1366 }, public: true })
    const res = await related('hotline', aliceTwin.id)
    expect(res.statusCode).toBe(200)
    const panel = res.json<RelatedResult>()
    expect(panel.duplicates.map((d) => d.id)).toEqual(expect.arrayContaining([bobPublic.id, bobPrivate.id]))
    expect(panel.duplicates.every((d) => d.score >= SIMILAR_CUT && d.id !== aliceTwin.id)).toBe(true)
    const dup = panel.duplicates.find((d) => d.id === bobPublic.id)
    expect(dup?.summary).toContain('139****5678')
    expect(panel.entities).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'address', text: '体育西路123号', otherRequests: 3 })]))

    await act('hotline', aliceTwin.id, { action: 'merge', targetId: bobPublic.id })
    const items = await similar('bob', { content: '体育西路123号门口井盖没了，很危险', type: 'help' })
    expect(items.some((i) => i.id === aliceTwin.id)).toBe(false)
    expect(items.map((i) => i.id)).toEqual(expect.arrayContaining([bobPublic.id, bobPrivate.id]))

    expect((await related('market', aliceTwin.id)).statusCode).toBe(403)
    expect((await related('alice', aliceTwin.id)).statusCode).toBe(403)
    expect((await related('hotline', '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
  })

  it('links requests naming the same company, with their departments, and puts that department first in the dispatch suggestion', async () => {
    const shop = { lat: 23.13, lng: 113.33, address: '天河区天河路 385 号', district: '天河区' }
    const earlier = [
      '天河路385号的好再来餐饮店卖的烧鹅变质，吃了拉肚子',
      '好再来餐饮店后厨卫生很差，老鼠到处跑',
      '好再来餐饮有限公司预付卡不给退款',
      '好再来餐饮店门口占道摆放桌椅',
    ]
    const ids: string[] = []
    for (const [i, content] of earlier.entries()) {
      now = new Date(Date.parse('2026-10-10T02:00:00Z') + i * DAY)
      const r = await file('bob', { type: 'complaint', category: 'market.food', content, location: shop })
      ids.push(r.id)
      if (i < 2) {
        await act('hotline', r.id, { action: 'accept' })
        await act('hotline', r.id, { action: 'dispatch', departmentCode: 'gz-market-regulation' })
      }
    }
    now = new Date('2026-11-24T04:00:00Z')
    const fresh = await file('alice', { type: 'complaint', category: 'environment.air', content: '好再来餐饮店的油烟没有净化直接排到居民楼，熏得受不了', location: shop })
    const panel = (await related('hotline', fresh.id)).json<RelatedResult>()
    const company = panel.entities.find((e) => e.kind === 'company')
    // 好再来餐饮有限公司 is the same business as 好再来餐饮店 (one trade name): all four earlier requests link.
    expect(company).toMatchObject({ text: '好再来餐饮店', otherRequests: 4, departments: [{ code: 'gz-market-regulation', name: '广州市市场监督管理局', count: 2 }] })
    expect(company?.recent.map((r) => r.id)).toEqual([ids[3], ids[2], ids[1], ids[0]])
    // Related although the text is about another problem: it names the same company.
    expect(panel.related.filter((r) => r.sharedEntities.includes('好再来餐饮店')).map((r) => r.id).sort()).toEqual([...ids].sort())
    expect(panel.duplicates).toEqual([])
    expect(panel.departmentHint).toMatchObject({ departmentCode: 'gz-market-regulation', count: 2 })
    expect(panel.departmentHint?.reason).toContain('好再来餐饮店')

    const suggestion = await api.request({ url: `/api/staff/requests/${fresh.id}/suggest-department`, headers: h.hotline })
    expect(suggestion.statusCode).toBe(200)
    const items = suggestion.json<DepartmentSuggestion>().items
    expect(items[0]).toMatchObject({ code: 'gz-market-regulation' })
    expect(items[0].reason).toContain('好再来餐饮店')
    expect(items.filter((i) => i.code === 'gz-market-regulation')).toHaveLength(1)
  })

  it('links three name variants from three residents to one 涉事单位 page, names the earlier department, and logs 联系涉事单位', async () => {
    now = new Date('2026-11-02T02:00:00Z')
    const first = await file('bob', {
      type: 'complaint',
      category: 'market.consumer',
      content: '广州市白云区鑫达贸易有限公司收了我5000元定金，说好一周发货，现在电话打不通，人也找不到',
      location: { lat: 23.17, lng: 113.27, address: '白云区云城东路100号', district: '白云区' },
    })
    await act('hotline', first.id, { action: 'accept' })
    await act('hotline', first.id, { action: 'dispatch', departmentCode: 'gz-market-regulation' })
    now = new Date('2026-11-10T02:00:00Z')
    const second = await file('alice', {
      type: 'complaint',
      category: 'market.consumer',
      content: '鑫达贸易的业务员上门推销净水器，收钱后一直不来安装，客服电话020-86001234没人接',
      location: { lat: 23.13, lng: 113.33, address: '天河区天河北路233号', district: '天河区' },
    })
    now = new Date('2026-11-20T02:00:00Z')
    const third = await file('carol', { type: 'help', category: 'market.consumer', content: '我在鑫达公司交了定金，现在公司关门了，想要回这笔钱' })

    const panel = (await related('hotline', third.id)).json<RelatedResult>()
    // Only entities that link another request are shown (no “另有 0 件”).
    expect(panel.entities.every((e) => e.otherRequests >= 1)).toBe(true)
    const company = panel.entities.find((e) => e.kind === 'company')
    expect(company).toMatchObject({ text: '鑫达公司', otherRequests: 2 })
    expect(panel.departmentHint).toMatchObject({ departmentCode: 'gz-market-regulation', count: 1 })
    const suggestion = (await api.request({ url: `/api/staff/requests/${third.id}/suggest-department`, headers: h.hotline })).json<DepartmentSuggestion>()
    expect(suggestion.items[0]).toMatchObject({ code: 'gz-market-regulation' })
    expect(suggestion.items[0].reason).toContain('鑫达公司')

    const id = company?.id as string
    const page = await api.request({ url: `/api/staff/entities/${id}`, headers: h.hotline })
    expect(page.statusCode).toBe(200)
    const dossier = page.json<EntityDossier>()
    expect(dossier).toMatchObject({ id, kind: 'company', name: '鑫达贸易有限公司', reachable: null, contacts: [] })
    expect(dossier.requests.map((r) => r.id)).toEqual([third.id, second.id, first.id])
    expect(dossier.variants.sort()).toEqual(['鑫达公司', '鑫达贸易', '鑫达贸易有限公司'].sort())
    expect(dossier.districts.sort()).toEqual(['天河区', '白云区'].sort())
    expect(dossier.addresses).toEqual(expect.arrayContaining(['白云区云城东路100号', '天河区天河北路233号']))
    expect(dossier.phones).toEqual(['020-****34'])
    expect(dossier.departments).toEqual([
      { code: 'gz-market-regulation', name: '广州市市场监督管理局', count: 1, outcomes: [{ status: 'dispatched', statusLabel: '已派单', count: 1 }] },
    ])
    expect(dossier.timeline.map((t) => t.kind)).toEqual(['filed', 'dispatched', 'filed', 'filed'])
    expect(dossier.requests[2].summary).not.toContain('13900139000')

    now = new Date('2026-11-21T02:00:00Z')
    const contact = await api.request({
      method: 'POST',
      url: `/api/staff/entities/${id}/contacts`,
      headers: h.hotline,
      payload: { method: 'phone', result: 'unreachable', note: '市民提供的电话为空号' },
    })
    expect(contact.statusCode).toBe(201)
    const after = contact.json<EntityDossier>()
    expect(after.reachable).toBe(false)
    expect(after.contacts).toEqual([expect.objectContaining({ staffName: 'sim-hotline', method: 'phone', result: 'unreachable', resultLabel: '联系不上', note: '市民提供的电话为空号' })])
    expect(after.timeline.at(-1)).toMatchObject({ kind: 'contact', at: '2026-11-21T02:00:00.000Z' })

    // Refusals: bad body 400, unknown entity 404, a department clerk and a resident 403; every 4xx in Chinese.
    const bad = await api.request({ method: 'POST', url: `/api/staff/entities/${id}/contacts`, headers: h.hotline, payload: { method: 'phone', result: 'maybe' } })
    expect(bad.statusCode).toBe(400)
    const missing = await api.request({ url: '/api/staff/entities/AAAAAAAAAAAAAAAAAAAAAA', headers: h.hotline })
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/[\u4e00-\u9fff]/u) })
    expect((await api.request({ url: `/api/staff/entities/${id}`, headers: h.market })).statusCode).toBe(403)
    expect((await api.request({ url: `/api/staff/entities/${id}`, headers: await as('alice') })).statusCode).toBe(403)
    const count = await db.query('SELECT count(*)::int AS n FROM entity_contacts')
    expect(count.rows[0]).toEqual({ n: 1 })
    now = new Date('2026-11-24T04:00:00Z')
  })

  it('shows the dispatcher a request at the same place told in other words (the place channel), not one 1 km away', async () => {
    // The two texts share no indexed word (猎德村/猎德, 铁皮/铁皮屋, 电焊/烧焊): only the place brings them together.
    now = new Date('2026-11-22T12:00:00Z')
    const liede = { lat: 23.115, lng: 113.333, district: '天河区' }
    const first = await file('carol', {
      type: 'report',
      category: 'urban.illegal-building',
      content: '天河区猎德村复建房顶楼有住户正在用铁皮和钢架加建一层，天天电焊。',
      location: { ...liede, address: '天河区猎德村' },
      public: true,
    })
    // The same kind of thing 1.1 km north, also sharing no word: no candidate of the place channel.
    const north = await file('carol', {
      type: 'report',
      category: 'urban.illegal-building',
      content: '小区里有人在天台私搭乱建，砌了两间砖房。',
      location: { lat: liede.lat + 0.01, lng: liede.lng, address: '天河区石牌街', district: '天河区' },
      public: true,
    })
    now = new Date('2026-11-24T04:00:00Z')
    const second = await file('alice', {
      type: 'complaint',
      category: 'urban.illegal-building',
      content: '猎德那边回迁楼天面有人起铁皮屋，每日烧焊，冇人理。',
      location: { lat: liede.lat + 0.0003, lng: liede.lng + 0.0002, address: '天河区猎德', district: '天河区' },
    })
    const panel = (await related('hotline', second.id)).json<RelatedResult>()
    const shown = [...panel.duplicates, ...panel.related]
    const hit = shown.find((r) => r.id === first.id)
    expect(hit).toMatchObject({ distanceMeters: expect.any(Number) })
    expect(hit!.distanceMeters).toBeLessThan(60)
    expect(shown.slice(0, 3).map((r) => r.id)).toContain(first.id)
    expect(shown.some((r) => r.id === north.id)).toBe(false)
  })

  it('flags ≥ 5 requests of one category within 500 m in 7 days as a hotspot, and not 4', async () => {
    const base = { lat: 23.103, lng: 113.272 }
    const texts = ['江南大道中128号水浸街', '江南西地铁站C口积水严重', '江南大道中路面水淹，车辆无法通行', '江南大道中134号门口一下雨就水浸', '江南大道中附近下水道堵塞，大片积水']
    const ids: string[] = []
    for (const [i, t] of texts.entries()) {
      now = new Date(Date.parse('2026-11-16T02:00:00Z') + i * 1.5 * DAY)
      const r = await file(i % 2 ? 'alice' : 'bob', {
        type: 'help',
        category: 'water-power.water',
        content: `${t}，请尽快处理`,
        location: { lat: base.lat + (i - 2) * 0.0008, lng: base.lng + (i % 2) * 0.001, address: '海珠区江南大道中', district: '海珠区' },
      })
      ids.push(r.id)
    }
    now = new Date('2026-11-24T04:00:00Z')
    const panel = (await related('hotline', ids[4])).json<RelatedResult>()
    expect(panel.hotspot).toMatchObject({ category: 'water-power.water', categoryName: '水电气/供水排水', count: 5, radiusMeters: 500, days: 7 })
    expect(panel.hotspot?.requests.map((r) => r.id).sort()).toEqual([...ids].sort())
    expect(panel.hotspot?.message).toContain('5 件同类诉求')
    // The list looks at the 7 days before now: all five are inside on the 22nd.
    now = new Date('2026-11-22T12:00:00Z')
    const list = await api.request({ url: '/api/staff/hotspots', headers: h.hotline })
    now = new Date('2026-11-24T04:00:00Z')
    expect(list.statusCode).toBe(200)
    const clusters = list.json<HotspotList>().items.filter((c) => c.category === 'water-power.water')
    expect(clusters).toHaveLength(1)
    expect(clusters[0].requests.map((r) => r.id).sort()).toEqual([...ids].sort())
    expect((await api.request({ url: '/api/staff/hotspots', headers: h.market })).statusCode).toBe(403)

    // Four of another category in the same place are no hotspot.
    const four: string[] = []
    for (let i = 0; i < 4; i++) {
      const r = await file('bob', { type: 'complaint', category: 'environment.noise', content: `江南大道中工地夜间施工噪音第${i + 1}次反映`, location: { ...base, address: '海珠区江南大道中', district: '海珠区' } })
      four.push(r.id)
    }
    expect((await related('hotline', four[3])).json<RelatedResult>().hotspot).toBeNull()
    const after = (await api.request({ url: '/api/staff/hotspots', headers: h.hotline })).json<HotspotList>().items
    expect(after.some((c) => c.category === 'environment.noise')).toBe(false)
  })
})
