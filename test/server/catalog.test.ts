// Tests for the catalog API (/api/services, /api/themes, /api/bundles): shapes, filters, paging, 404, ETag/304, popularity, and the loader's idempotence.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Value } from '@sinclair/typebox/value'
import type { App } from '../../server/app'
import { buildApp } from '../../server/app'
import { SEED_DIR, seedReference } from '../../server/db/seed'
import { Bundle, BundleList, ServiceGuide, ServiceSearchResult, ThemeList } from '@contract/service'
import type { ErrorBody } from '@contract/common'
import { databases, inject, tempDir, testConfig, useFreshDatabase, useServedApp } from './helpers'

const CATALOG_DIR = path.join(SEED_DIR, 'catalog')

function catalogItemCount(): { items: number; departments: number } {
  let items = 0
  const departments = new Set<string>()
  for (const file of require('node:fs').readdirSync(CATALOG_DIR) as string[]) {
    if (!file.startsWith('gz-')) continue
    const data = JSON.parse(readFileSync(path.join(CATALOG_DIR, file), 'utf8')) as { department: string; items: unknown[] }
    items += data.items.length
    departments.add(data.department)
  }
  return { items, departments: departments.size }
}

describe('catalog data files', () => {
  it('hold at least 300 items from at least 20 departments, 10 bundles', () => {
    const { items, departments } = catalogItemCount()
    expect(items).toBeGreaterThanOrEqual(300)
    expect(departments).toBeGreaterThanOrEqual(20)
    const bundles = JSON.parse(readFileSync(path.join(CATALOG_DIR, 'bundles.json'), 'utf8')) as { bundles: unknown[] }
    expect(bundles.bundles.length).toBeGreaterThanOrEqual(10)
  })
})

describe.each(databases())('catalog API on $name', ({ open }) => {
  const served = useServedApp(open)
  const total = catalogItemCount().items

  const search = async (query: string) => {
    const res = await served.app.request(`/api/services?${query}`)
    expect(res.statusCode).toBe(200)
    const body = res.json<ServiceSearchResult>()
    expect(Value.Check(ServiceSearchResult, body)).toBe(true)
    return body
  }

  it('lists every active item without words, 20 a page, with cache headers', async () => {
    const res = await served.app.request('/api/services')
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('public, max-age=300')
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/)
    const body = res.json<ServiceSearchResult>()
    expect(Value.Check(ServiceSearchResult, body)).toBe(true)
    expect(body.total).toBe(total)
    expect(body.items).toHaveLength(20)
    expect(body).toMatchObject({ page: 1, pageSize: 20 })
  })

  it('pages without overlap and refuses a page size over 50', async () => {
    const first = await search('pageSize=5&page=1')
    const second = await search('pageSize=5&page=2')
    expect(second.items).toHaveLength(5)
    expect(second.items.map((i) => i.code)).not.toEqual(expect.arrayContaining(first.items.map((i) => i.code)))
    const past = await search('q=身份证&page=100&pageSize=50')
    expect(past.items).toEqual([])
    expect(past.total).toBeGreaterThan(0)
    const tooBig = await served.app.request('/api/services?pageSize=51')
    expect(tooBig.statusCode).toBe(400)
    expect(tooBig.json<ErrorBody>().code).toBe('VALIDATION_FAILED')
  })

  it('filters by audience, department, theme, online and bookable', async () => {
    const business = await search('audience=business&pageSize=50')
    expect(business.total).toBeGreaterThan(0)
    expect(business.items.every((i) => i.audience !== 'person')).toBe(true)
    const person = await search('audience=person&pageSize=50')
    expect(person.items.every((i) => i.audience !== 'business')).toBe(true)
    const police = await search('dept=gz-police&pageSize=50')
    expect(police.total).toBeGreaterThanOrEqual(40)
    expect(police.items.every((i) => i.department.code === 'gz-police' && i.department.name === '广州市公安局')).toBe(true)
    const exit = await search('theme=exit-entry&pageSize=50')
    expect(exit.total).toBeGreaterThan(3)
    expect(exit.items.every((i) => i.themes.includes('exit-entry'))).toBe(true)
    const online = await search('online=true&pageSize=50')
    expect(online.items.every((i) => i.online)).toBe(true)
    const offline = await search('online=false&pageSize=50')
    expect(online.total + offline.total).toBe(total)
    const bookable = await search('bookable=1&pageSize=50')
    expect(bookable.items.every((i) => i.bookable)).toBe(true)
    const combined = await search(`q=${encodeURIComponent('社保卡')}&dept=gz-police`)
    expect(combined.items.every((i) => i.department.code === 'gz-police')).toBe(true)
  })

  it('ranks an exact name first and answers colloquial, pinyin and initial queries', async () => {
    expect((await search(`q=${encodeURIComponent('居民身份证补领')}`)).items[0].code).toBe('gz-police-idcard-reissue')
    expect((await search('q=sbk')).items[0].code).toBe('gz-hrss-ss-card-apply')
    expect((await search(`q=${encodeURIComponent('ＳＢＫ补办')}`)).items[0].code).toBe('gz-hrss-ss-card-reissue')
    expect((await search('q=shebaoka')).items[0].code).toBe('gz-hrss-ss-card-apply')
  })

  it('suggests what to try when nothing matches', async () => {
    const body = await search(`q=${encodeURIComponent('咖啡拉花比赛')}`)
    expect(body.total).toBe(0)
    expect(body.items).toEqual([])
    expect(body.suggestions?.length).toBeGreaterThan(0)
  })

  it('returns the full guide of an item', async () => {
    const res = await served.app.request('/api/services/gz-hrss-ss-card-apply')
    expect(res.statusCode).toBe(200)
    const guide = res.json<ServiceGuide>()
    expect(Value.Check(ServiceGuide, guide)).toBe(true)
    expect(guide).toMatchObject({ code: 'gz-hrss-ss-card-apply', name: '社会保障卡申领', department: { code: 'gz-hrss' } })
    expect(guide.materials.length).toBeGreaterThan(0)
    expect(guide.steps.length).toBeGreaterThan(0)
    expect(guide.locations[0].address).toBeTruthy()
    expect(guide.legalBasis.length).toBeGreaterThan(0)
    expect(guide.aliases).toContain('sbk')
    expect(guide.bundles.map((b) => b.code)).toContain('birth')
    expect(guide.onlineDepthLabel).toBeTruthy()
  })

  it('answers 404 in Chinese for an unknown item or bundle', async () => {
    for (const url of ['/api/services/no-such-item', '/api/bundles/no-such-bundle']) {
      const res = await served.app.request(url)
      expect(res.statusCode).toBe(404)
      const body = res.json<ErrorBody>()
      expect(body.code).toBe('NOT_FOUND')
      expect(body.message).toMatch(/[\u4e00-\u9fff]/)
    }
  })

  it('answers 304 to a matching If-None-Match', async () => {
    for (const url of ['/api/themes', '/api/bundles', '/api/services/gz-police-passport', '/api/services?q=sbk']) {
      const first = await served.app.request(url)
      expect(first.statusCode).toBe(200)
      const etag = first.headers.etag as string
      const again = await served.app.request({ url, headers: { 'if-none-match': etag } })
      expect(again.statusCode).toBe(304)
      expect(again.body).toBe('')
      const other = await served.app.request({ url, headers: { 'if-none-match': '"something-else"' } })
      expect(other.statusCode).toBe(200)
    }
  })

  it('counts openings as popularity, which orders equal matches and the browse list', async () => {
    for (let i = 0; i < 5; i++) expect((await served.app.request('/api/services/gz-water-water-supply-fault')).statusCode).toBe(200)
    const browse = await search('pageSize=1')
    expect(browse.items[0].code).toBe('gz-water-water-supply-fault')
  })

  it('lists themes with counts and bundles with items and shared materials', async () => {
    const themes = (await served.app.request('/api/themes')).json<ThemeList>()
    expect(Value.Check(ThemeList, themes)).toBe(true)
    expect(themes.items.length).toBeGreaterThanOrEqual(14)
    expect(themes.items.find((t) => t.code === 'exit-entry')?.count).toBeGreaterThan(0)
    const bundles = (await served.app.request('/api/bundles')).json<BundleList>()
    expect(Value.Check(BundleList, bundles)).toBe(true)
    expect(bundles.items.length).toBeGreaterThanOrEqual(10)
    for (const b of bundles.items) {
      expect(b.items.length).toBeGreaterThanOrEqual(2)
      expect(b.sharedMaterials.length).toBeGreaterThan(0)
    }
    const birth = await served.app.request('/api/bundles/birth')
    expect(birth.statusCode).toBe(200)
    const body = birth.json<Bundle>()
    expect(Value.Check(Bundle, body)).toBe(true)
    expect(body.name).toBe('出生一件事')
    expect(body.items.map((i) => i.code)).toEqual(expect.arrayContaining(['gz-police-hukou-birth', 'gz-health-birth-medical-cert']))
  })
})

describe.each(databases())('catalog loader on $name', ({ open }) => {
  const fresh = useFreshDatabase(open)
  const total = catalogItemCount().items

  /** A copy of the seed directory whose catalog files the test may edit. */
  function seedCopy(): string {
    const dir = tempDir('catalog-seed')
    cpSync(SEED_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.ts') })
    return dir
  }
  const counts = async () => {
    const r = await fresh.db.query<{ status: string; n: number }>('SELECT status, count(*) AS n FROM services GROUP BY status ORDER BY status')
    return Object.fromEntries(r.rows.map((row) => [row.status, Number(row.n)]))
  }

  it('loads once, and a second run changes nothing', async () => {
    const first = await seedReference(fresh.db)
    expect(first.catalog?.services).toEqual({ total, changed: total, withdrawn: 0 })
    const postings = Number((await fresh.db.query<{ n: number }>('SELECT count(*) AS n FROM search_postings')).rows[0].n)
    const second = await seedReference(fresh.db)
    expect(second.catalog?.services).toEqual({ total, changed: 0, withdrawn: 0 })
    expect(second.catalog?.bundles.changed).toBe(0)
    expect(second.catalog?.themes.changed).toBe(0)
    expect(await counts()).toEqual({ active: total })
    expect(Number((await fresh.db.query<{ n: number }>('SELECT count(*) AS n FROM search_postings')).rows[0].n)).toBe(postings)
  })

  it('updates an edited item and withdraws a removed one without deleting it', async () => {
    await seedReference(fresh.db)
    const dir = seedCopy()
    const file = path.join(dir, 'catalog', 'gz-police.json')
    const data = JSON.parse(readFileSync(file, 'utf8')) as { items: { code: string; name: string }[] }
    data.items.find((i) => i.code === 'gz-police-passport')!.name = '普通护照签发（测试改名）'
    data.items = data.items.filter((i) => i.code !== 'gz-police-taiwan-permit')
    writeFileSync(file, JSON.stringify(data))

    const result = await seedReference(fresh.db, { dir })
    expect(result.catalog?.services).toEqual({ total: total - 1, changed: 1, withdrawn: 1 })
    expect(await counts()).toEqual({ active: total - 1, withdrawn: 1 })

    const app = await inject((await buildApp({ config: testConfig(), db: fresh.db, logger: false })) as App)
    try {
      const renamed = await app.request(`/api/services?q=${encodeURIComponent('测试改名')}`)
      expect(renamed.json<ServiceSearchResult>().items[0]).toMatchObject({ code: 'gz-police-passport', name: '普通护照签发（测试改名）' })
      const gone = await app.request('/api/services/gz-police-taiwan-permit')
      expect(gone.statusCode).toBe(404)
      const search = await app.request(`/api/services?q=${encodeURIComponent('台湾通行证')}`)
      expect(search.json<ServiceSearchResult>().items.map((i) => i.code)).not.toContain('gz-police-taiwan-permit')
    } finally {
      await app.close()
    }

    // Back to the project's data: the item returns, the name is restored.
    const restored = await seedReference(fresh.db)
    expect(restored.catalog?.services).toEqual({ total, changed: 2, withdrawn: 0 })
    expect(await counts()).toEqual({ active: total })
    rmSync(dir, { recursive: true, force: true })
  })

  it('rejects an item that names a theme that does not exist, writing nothing', async () => {
    const dir = seedCopy()
    const file = path.join(dir, 'catalog', 'gz-water.json')
    const data = JSON.parse(readFileSync(file, 'utf8')) as { items: { themes: string[] }[] }
    data.items[0].themes = ['no-such-theme']
    writeFileSync(file, JSON.stringify(data))
    await expect(seedReference(fresh.db, { dir })).rejects.toThrow(/no-such-theme/)
    expect(await counts()).toEqual({})
  })
})
