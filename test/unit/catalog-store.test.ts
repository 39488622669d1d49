// CatalogStore with a real ApiClient against a real local HTTP server: debounce, stale answers, paging,
// offline fallback to the saved catalog, favourites and 最近浏览 through storage.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ServiceGuide, ServiceSummary } from '@contract/service'
import { RootStore } from '@/stores/root'
import { OFFLINE_NOTE, RECENT_MAX } from '@/stores/catalog'
import { memoryStorage, type KeyValueStorage } from '@/stores/session'
import { httpTransport } from '../support/http-transport'
import { guidesOf } from '@/stores/guides'

interface Seen {
  path: string
  query: URLSearchParams
}

let server: http.Server
let baseUrl: string
let seen: Seen[] = []
/** Answers one request; may delay. Returning undefined destroys the socket (network failure). */
let handler: (req: Seen) => Promise<{ status: number; body: unknown } | undefined>

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const s = { path: url.pathname, query: url.searchParams }
    seen.push(s)
    void handler(s).then((answer) => {
      if (!answer) {
        req.socket.destroy()
        return
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(answer.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  seen = []
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function summary(code: string, name = code): ServiceSummary {
  return { code, name, department: { code: 'gz-hrss', name: '广州市人力资源和社会保障局' }, audience: 'person', online: true, bookable: false, themes: ['social-security'], promisedDays: 1 }
}

function guide(code: string): ServiceGuide {
  return {
    ...summary(code, '社会保障卡申领'),
    itemType: '公共服务',
    summary: '申领社保卡',
    conditions: ['在广州参保'],
    materials: [{ name: '居民身份证', originals: 1, copies: 0, form: 'either', eLicence: true }],
    steps: [{ title: '申请', detail: '线上或网点' }],
    legalDays: 30,
    fee: { charged: false, detail: '不收费' },
    locations: [{ name: '合作银行网点', address: '各网点', hours: '营业时间', phone: '12333' }],
    legalBasis: ['《社会保险法》'],
    onlineDepth: 'mostly',
    onlineDepthLabel: '网上申请、到现场一次',
    onlineChannels: ['粤省事'],
    phone: '12333',
    keywords: [],
    aliases: [],
    bundles: [],
    updatedAt: '2026-11-01T00:00:00.000Z',
  }
}

/** A catalog of `n` items answering /services like the server (q filters by prefix of code, pages of pageSize). */
function catalogServer(n: number, delays: Record<string, number> = {}) {
  const all = Array.from({ length: n }, (_, i) => summary(`item-${String(i).padStart(3, '0')}`))
  return async (req: Seen) => {
    if (req.path === '/api/services') {
      const q = req.query.get('q') ?? ''
      if (delays[q]) await sleep(delays[q])
      const page = Number(req.query.get('page') ?? 1)
      const size = Number(req.query.get('pageSize') ?? 20)
      const matched = q === 'nothing' ? [] : all
      return {
        status: 200,
        body: {
          items: matched.slice((page - 1) * size, page * size).map((s) => ({ ...s, name: `${q}:${s.code}` })),
          total: matched.length,
          page,
          pageSize: size,
          ...(matched.length ? {} : { suggestions: ['社保卡', '身份证'] }),
          ...(q === '生孩子' && page === 1 ? { bundles: [{ code: 'birth', name: '出生一件事' }] } : {}),
        },
      }
    }
    if (req.path === '/api/themes') return { status: 200, body: { items: [{ code: 'social-security', name: '社保', description: '', count: 3 }] } }
    if (req.path === '/api/bundles') return { status: 200, body: { items: [{ code: 'birth', name: '出生一件事', description: '', audience: 'person', items: [], sharedMaterials: [] }] } }
    if (req.path.startsWith('/api/services/')) return { status: 200, body: guide(decodeURIComponent(req.path.split('/').pop()!)) }
    return { status: 404, body: { code: 'NOT_FOUND', message: '未找到' } }
  }
}

function newRoot(storage: KeyValueStorage = memoryStorage(), debounceMs = 250) {
  const root = new RootStore({ baseUrl, transport: httpTransport, storage, catalog: { debounceMs, pageSize: 20 } })
  ;(root.api as unknown as { opts: { retryDelaysMs: number[] } }).opts.retryDelaysMs = [1, 1]
  return root
}

const searches = () => seen.filter((s) => s.path === '/api/services' && s.query.has('q'))

test('typing collapses into one request sent after the pause, with the audience', async () => {
  handler = catalogServer(5)
  const { search } = newRoot()
  for (const q of ['s', 'sb', 'sbk']) {
    search.setQuery(q)
    await sleep(40)
  }
  expect(searches()).toHaveLength(0)
  await sleep(350)
  expect(searches()).toHaveLength(1)
  expect(searches()[0].query.get('q')).toBe('sbk')
  expect(searches()[0].query.get('audience')).toBe('person')
  expect(search.searchStatus).toBe('ready')
  expect(search.results.map((s) => s.name)[0]).toBe('sbk:item-000')
})

test('a late answer for an older query never overwrites the newer one', async () => {
  handler = catalogServer(5, { old: 400 })
  const { search } = newRoot(memoryStorage(), 10)
  search.setQuery('old')
  await sleep(50) // "old" is on the server, answering slowly
  search.setQuery('new')
  await sleep(100)
  expect(search.results[0]?.name).toBe('new:item-000')
  await sleep(450) // the slow "old" answer has arrived by now
  expect(searches().map((s) => s.query.get('q'))).toEqual(['old', 'new'])
  expect(search.results[0]?.name).toBe('new:item-000')
  expect(search.searchStatus).toBe('ready')
})

test('load more appends the next page until the total is reached', async () => {
  handler = catalogServer(45)
  const { search } = newRoot()
  await search.searchNow('sbk')
  expect(search.results).toHaveLength(20)
  expect(search.hasMore).toBe(true)
  await search.loadMore()
  expect(search.results).toHaveLength(40)
  await search.loadMore()
  expect(search.results).toHaveLength(45)
  expect(search.hasMore).toBe(false)
  expect(new Set(search.results.map((s) => s.code)).size).toBe(45)
  expect(searches().map((s) => s.query.get('page'))).toEqual(['1', '2', '3'])
  await search.loadMore()
  expect(searches()).toHaveLength(3)
})

test('a search whose words name a 一件事 carries it; the next search and clearing the words drop it', async () => {
  handler = catalogServer(3)
  const { search } = newRoot()
  await search.searchNow('生孩子')
  expect(search.bundles).toEqual([{ code: 'birth', name: '出生一件事' }])
  await search.searchNow('社保卡')
  expect(search.bundles).toEqual([])
  await search.searchNow('生孩子')
  search.setQuery('')
  expect(search.bundles).toEqual([])
})

test('empty results carry the server suggestions; a theme filter searches without words', async () => {
  handler = catalogServer(3)
  const { search } = newRoot()
  await search.searchNow('nothing')
  expect(search.results).toEqual([])
  expect(search.suggestions).toEqual(['社保卡', '身份证'])
  search.setQuery('')
  expect(search.searching).toBe(false)
  search.setTheme('social-security')
  await sleep(50)
  const last = seen.filter((s) => s.path === '/api/services').at(-1)!
  expect(last.query.get('theme')).toBe('social-security')
  expect(last.query.has('q')).toBe(false)
  search.setAudience('business')
  await sleep(50)
  expect(seen.filter((s) => s.path === '/api/services').at(-1)!.query.get('audience')).toBe('business')
})

test('offline: themes, bundles, hot list and opened guides come from the saved copy, flagged offline', async () => {
  handler = catalogServer(12)
  const storage = memoryStorage()
  const online = newRoot(storage)
  await online.browse.load()
  expect(online.browse.offline).toBe(false)
  expect(online.browse.hot).toHaveLength(10)
  expect(seen.find((s) => s.path === '/api/services' && !s.query.has('q'))?.query.get('pageSize')).toBe('10')
  await guidesOf(online).load('gz-hrss-ss-card-apply')

  // The network is gone: a fresh app start on the same device.
  handler = async () => undefined
  const offline = newRoot(storage)
  await offline.browse.load()
  expect(offline.browse.status).toBe('ready')
  expect(offline.browse.offline).toBe(true)
  expect(offline.browse.themeList.map((t) => t.name)).toEqual(['社保'])
  expect(offline.browse.bundleList.map((b) => b.name)).toEqual(['出生一件事'])
  expect(offline.browse.hot).toHaveLength(10)
  const g = await guidesOf(offline).load('gz-hrss-ss-card-apply')
  expect(g?.name).toBe('社会保障卡申领')
  expect(guidesOf(offline).offline.has('gz-hrss-ss-card-apply')).toBe(true)
  // A guide never opened has no saved copy: a plain error.
  await guidesOf(offline).load('never-opened')
  expect(guidesOf(offline).status.get('never-opened')).toBe('failed')
  expect(guidesOf(offline).errors.get('never-opened')?.message).toBe('网络连接不可用，请检查网络后重试')
  expect(OFFLINE_NOTE).toBe('当前离线，显示的是上次保存的内容')

  // Back online: a reload replaces the saved copy and clears the flag.
  handler = catalogServer(12)
  await offline.browse.load()
  expect(offline.browse.offline).toBe(false)
})

test('offline with nothing saved is an error the page can retry', async () => {
  handler = async () => undefined
  const { browse } = newRoot()
  await browse.load()
  expect(browse.status).toBe('failed')
  expect(browse.offline).toBe(false)
})

test('favourites and 最近浏览 persist through storage; recent keeps the latest 20 without repeats', async () => {
  const storage = memoryStorage()
  const a = newRoot(storage).saved
  const item = { code: 'gz-hrss-ss-card-apply', name: '社会保障卡申领', department: { name: '广州市人力资源和社会保障局' } }
  expect(a.toggleFavourite(item)).toBe(true)
  for (let i = 0; i < 25; i++) a.viewed({ code: `c${i}`, name: `事项${i}`, department: { name: '部门' } })
  a.viewed({ code: 'c10', name: '事项10', department: { name: '部门' } })

  const b = newRoot(storage).saved
  expect(b.isFavourite(item.code)).toBe(true)
  expect(b.favourites[0]).toMatchObject({ code: item.code, name: item.name, department: '广州市人力资源和社会保障局' })
  expect(b.recent).toHaveLength(RECENT_MAX)
  expect(b.recent[0].code).toBe('c10')
  expect(b.recent.filter((r) => r.code === 'c10')).toHaveLength(1)
  expect(b.recent.map((r) => r.code)).not.toContain('c0')

  expect(b.toggleFavourite(item)).toBe(false)
  expect(newRoot(storage).saved.favourites).toEqual([])
})
