/**
 * The bad-answer sweep (issue 18): every page of the compiled WeChat mini-program, opened signed in (resident and
 * staff) while every API call gets the same bad answer — nothing (200 without a body, 204), an HTML proxy page
 * (200 and 502), `{}` where a record or a list is expected, a 500. No page may throw (console.error and lifecycle
 * throws land in sim.errors); each shows a message: an error or empty state, with 重试 where what it shows came
 * from the API (and 重试 must fail again just as cleanly), or its own content where it asked nothing.
 *
 * Pages are opened a few at a time (as a page stack: each renders before the next opens), so the client's retries
 * of a 502 (300 ms, 1000 ms) are waited out once per group rather than once per page.
 *
 * @jest-environment jsdom
 */
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build'
import {
  BAD_ANSWERS,
  MESSAGE,
  NO_RETRY,
  PAGE_ACTION,
  PAGE_QUERY,
  RETRY_SELECTORS,
  STATIC_PAGES,
  Traffic,
  isLoading,
  pageText,
  settle,
} from './bad-answers-support'
import { WeappSimulator, type SimNode, type SimRoot } from './simulator'

const GROUP = 7

let sim: WeappSimulator
const traffic = new Traffic()

beforeAll(() => {
  sim = new WeappSimulator(ensureBuilt('weapp'))
  // Signed in as a resident and as staff before the app starts, so pages behind sign-in call the API.
  sim.storage.set('onestop.session', 'resident-session-token')
  sim.storage.set('onestop.staff-session', 'staff-session-token')
  sim.boot()
}, BUILD_TIMEOUT_MS)

const retryControl = (page: SimRoot): SimNode | undefined =>
  RETRY_SELECTORS.map((s) => page.querySelector(s)).find((n): n is SimNode => Boolean(n))

/** Whether a page has settled into what it should show (see the file comment); undefined when it has. */
function problem(route: string, page: SimRoot): string | undefined {
  const text = pageText(page)
  if (!text) return 'blank page'
  const own = STATIC_PAGES[route]
  if (own) return text.includes(own) ? undefined : `does not show "${own}"`
  if (isLoading(text)) return 'still loading'
  if (!MESSAGE.test(text)) return 'shows no error or empty message'
  if (!NO_RETRY[route] && !retryControl(page)) return 'offers no 重试'
  return undefined
}

const tally: string[] = []
afterAll(() => {
  if (tally.length) console.log(`bad-answer sweep (pages passing / pages):\n${tally.join('\n')}`)
})

describe.each(BAD_ANSWERS)('every page survives a bad answer: $name', (bad) => {
  test('no page throws; each shows a message, and 重试 fails as cleanly', async () => {
    sim.requestHandler = traffic.handler(bad.answer)
    const retried = Boolean(bad.retried)
    const failures: string[] = []
    const failedRoutes = new Set<string>()
    const routes = sim.routes()
    for (let i = 0; i < routes.length; i += GROUP) {
      const group = routes.slice(i, i + GROUP)
      const pages: SimRoot[] = []
      const fine = () => group.every((route, k) => !problem(route, pages[k]))
      try {
        // One after another, as navigateTo stacks them: a page reads its query (useRouter) on its first render.
        for (const route of group) {
          const page = sim.open(route, PAGE_QUERY[route] ?? {})
          pages.push(page)
          await sim.waitFor(() => pageText(page), () => `${route} never rendered`, 10_000)
        }
        await Promise.all(group.map((route, k) => PAGE_ACTION[route]?.(sim, pages[k])))
        await settle(sim, traffic, fine, retried)
        const before = group.map((route, k) => problem(route, pages[k]))
        const retries = pages.map(retryControl).filter((n): n is SimNode => Boolean(n))
        for (const r of retries) r.dispatchEvent('tap')
        if (retries.length) await settle(sim, traffic, fine, retried)
        group.forEach((route, k) => {
          const p = before[k] ?? problem(route, pages[k])
          if (p) failures.push(`${route}: ${p}${before[k] ? '' : ' (after 重试)'}: ${pageText(pages[k]).slice(0, 160)}`)
        })
      } catch (err) {
        failures.push(`${group.join(', ')}: the sweep failed: ${(err as Error).message}`)
      }
      // Errors (console.error, lifecycle throws) of the group, whichever page they came from.
      const errors = sim.closeAll()
      for (const e of errors) failures.push(`[one of ${group.join(', ')}] ${e.slice(0, 600)}`)
      if (errors.length) group.forEach((r) => failedRoutes.add(r))
    }
    failures.forEach((f) => failedRoutes.add(f.split(':')[0]))
    tally.push(`${bad.name}: ${routes.filter((r) => !failedRoutes.has(r)).length}/${routes.length}`)
    expect(failures).toEqual([])
  }, 45_000)
})
