// The load generator of bench/mixed.ts: a resident-shaped mix of requests from many simulated clients, each with its own
// keep-alive connection, client address (X-Forwarded-For) and resident session, timed per route.
import http from 'node:http'
import { randomBytes } from 'node:crypto'

/** What the parent prepared: the two nodes, the residents and the catalog the clients pick from. */
export interface MixJob {
  nodes: string[]
  clients: number
  seconds: number
  warmupSeconds: number
  /** One resident session per client (browsing, my pages, requests, the city code). */
  tokens: string[]
  /** Sessions that book: each booking is by the next one (one active booking per resident and service). */
  bookers: string[]
  bookService: string
  slotIds: number[]
  themes: string[]
  serviceCodes: string[]
  /** Words from the catalog's names, for generated queries. */
  words: string[]
  /** Known queries (the 20 % a cache could have seen). */
  knownQueries: string[]
  /**
   * A client's pause after each answer, mean ms (exponentially distributed, at most 5× the mean): a resident reads a
   * page before the next tap. 0: no pause — the clients then measure the nodes' capacity, not a resident's wait.
   */
  thinkMs: number
  /** The first of `bookers` this run books with (a second run in the same database starts further on). */
  bookerStart: number
}

export interface RouteStats {
  latencies: number[]
  /** Status code → count. */
  statuses: Record<string, number>
  /** Error code of a non-2xx answer ({code, message}) → count. */
  codes: Record<string, number>
  /** Transport failures (no answer). */
  failures: number
}

export type MixStats = Record<string, RouteStats>

type Call = { route: string; method: 'GET' | 'POST'; path: string; token?: string; body?: unknown; idempotent?: boolean }

/** Cumulative weights of the mix: browse 55, search 20, guide 10, my pages 8, book 4, file 2, code 1. */
const MIX: [number, string][] = [
  [25, 'browse services?theme'],
  [35, 'browse themes'],
  [45, 'browse bundles'],
  [55, 'browse departments'],
  [75, 'search'],
  [85, 'guide'],
  [88, 'my appointments'],
  [91, 'my requests'],
  [93, 'me'],
  [97, 'book'],
  [99, 'file request'],
  [100, 'city code'],
]

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)]
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'
const HANZI = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严'

/** A query nobody asked before: a catalog word, cut or not, with random characters around it (80 % of searches). */
export function freshQuery(words: string[]): string {
  const w = pick(words)
  const cut = w.length > 2 && Math.random() < 0.5 ? w.slice(0, 2 + Math.floor(Math.random() * (w.length - 1))) : w
  const noise = Array.from({ length: 1 + Math.floor(Math.random() * 2) }, () => (Math.random() < 0.5 ? pick([...HANZI]) : pick([...LETTERS]))).join('')
  const r = Math.random()
  if (r < 0.4) return `${cut}${noise}`
  if (r < 0.7) return `${noise}${cut}`
  return `${cut} ${pick(words).slice(0, 2)}${noise}`
}

/** The next call of one client, drawn from the mix. */
function nextCall(job: MixJob, client: number, nextBooker: () => string): Call {
  const r = Math.random() * 100
  const route = MIX.find(([w]) => r < w)![1]
  const token = job.tokens[client % job.tokens.length]
  switch (route) {
    case 'browse services?theme':
      return { route, method: 'GET', path: `/api/services?theme=${encodeURIComponent(pick(job.themes))}${Math.random() < 0.3 ? '&page=2' : ''}` }
    case 'browse themes':
      return { route, method: 'GET', path: '/api/themes' }
    case 'browse bundles':
      return { route, method: 'GET', path: '/api/bundles' }
    case 'browse departments':
      return { route, method: 'GET', path: '/api/departments' }
    case 'search': {
      const q = Math.random() < 0.8 ? freshQuery(job.words) : pick(job.knownQueries)
      return { route, method: 'GET', path: `/api/services?q=${encodeURIComponent(q)}` }
    }
    case 'guide':
      return { route, method: 'GET', path: `/api/services/${encodeURIComponent(pick(job.serviceCodes))}` }
    case 'my appointments':
      return { route, method: 'GET', path: '/api/appointments', token }
    case 'my requests':
      return { route, method: 'GET', path: '/api/requests', token }
    case 'me':
      return { route, method: 'GET', path: '/api/me', token }
    case 'book':
      return { route, method: 'POST', path: '/api/appointments', token: nextBooker(), idempotent: true, body: { slotId: pick(job.slotIds), serviceCode: job.bookService } }
    case 'file request':
      return {
        route,
        method: 'POST',
        path: '/api/requests',
        token,
        idempotent: true,
        body: {
          type: 'complaint',
          category: 'traffic.parking',
          content: `天河路 ${1 + Math.floor(Math.random() * 900)} 号门口长期有车辆乱停，堵住消防通道和小区出入口，请尽快处理。`,
          location: { lat: 23.1325, lng: 113.3277, address: '天河区天河路 123 号', district: '天河区', street: '天河南街道' },
          contactPhone: '13800138000',
          anonymous: false,
        },
      }
    default:
      return { route, method: 'GET', path: `/api/citycode/code?scene=${pick(['transit', 'library', 'hall'])}`, token }
  }
}

/** One request over the client's own agent; answers status, the error code of a non-2xx answer, and ms. */
function send(agent: http.Agent, base: URL, ip: string, call: Call): Promise<{ status: number; code?: string; ms: number }> {
  const headers: Record<string, string> = { 'x-forwarded-for': ip }
  if (call.token) headers.authorization = `Bearer ${call.token}`
  const body = call.body === undefined ? undefined : JSON.stringify(call.body)
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (call.idempotent) headers['idempotency-key'] = `mix-${randomBytes(9).toString('hex')}`
  const started = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, path: call.path, method: call.method, headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6
        const status = res.statusCode ?? 0
        let code: string | undefined
        if (status >= 300) {
          try {
            code = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: unknown }).code ?? 'NO_CODE')
          } catch {
            code = 'NOT_JSON'
          }
        }
        resolve({ status, code, ms })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')))
    req.end(body)
  })
}

/** Bookings so far in this process (warm-up and measured run): each is by a resident who has not booked yet. */
let booker: number | null = null

/** A resident's pause: exponential with the given mean, cut at 5× the mean. */
const think = (meanMs: number) =>
  meanMs > 0 ? new Promise<void>((resolve) => setTimeout(resolve, Math.min(5 * meanMs, -Math.log(1 - Math.random()) * meanMs))) : Promise.resolve()

/**
 * Runs `clients` closed loops (one request in flight each, a pause of job.thinkMs on average after each answer) for
 * `seconds`; client i talks to node i % 2 as address 10.x.y.z. `report` hears a progress line every 5 s.
 */
export async function runMix(job: MixJob, seconds: number, report: (line: string) => void): Promise<{ stats: MixStats; wallMs: number }> {
  const stats: MixStats = {}
  const bases = job.nodes.map((n) => new URL(n))
  booker ??= job.bookerStart
  const nextBooker = () => job.bookers[booker!++ % job.bookers.length]
  const started = Date.now()
  const deadline = started + seconds * 1000
  let done = 0
  let bad = 0
  const timer = setInterval(() => {
    const s = (Date.now() - started) / 1000
    report(`[mixed] ${s.toFixed(0)} s: ${done} 个请求（${(done / s).toFixed(0)}/s），非预期 ${bad} 个`)
  }, 5000)
  const client = async (i: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${(i & 255) + 1}`
    const base = bases[i % bases.length]
    // Paced clients start spread over one mean pause, not all at once.
    if (job.thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * job.thinkMs))
    while (Date.now() < deadline) {
      const call = nextCall(job, i, nextBooker)
      const s = (stats[call.route] ??= { latencies: [], statuses: {}, codes: {}, failures: 0 })
      try {
        const r = await send(agent, base, ip, call)
        s.latencies.push(r.ms)
        s.statuses[r.status] = (s.statuses[r.status] ?? 0) + 1
        if (r.code) s.codes[r.code] = (s.codes[r.code] ?? 0) + 1
        if (r.status >= 300 && !EXPECTED.has(r.code ?? '')) bad++
      } catch {
        s.failures++
        bad++
      }
      done++
      await think(job.thinkMs)
    }
    agent.destroy()
  }
  await Promise.all(Array.from({ length: job.clients }, (_, i) => client(i)))
  clearInterval(timer)
  return { stats, wallMs: Date.now() - started }
}

/** Refusals a resident can meet in normal use: they are reported, not counted as errors. */
export const EXPECTED = new Set(['SLOT_FULL', 'ALREADY_BOOKED', 'LIMIT_REACHED'])
