// The shared rate-limit store (server/rate-limit): places taken ahead save statements while a client is far from its
// limit, and no number of nodes ever lets more than the limit through. Two stores over one database stand for two
// nodes (test/server/two-nodes.test.ts runs two real server processes against PostgreSQL).
import type { FastifyRateLimitStore } from '@fastify/rate-limit'
import { databaseStore, RATE_LIMIT_WINDOW_MS } from '../../server/rate-limit'
import { createRateLimitRepo, type RateLimitRepo } from '../../server/rate-limit/repo'
import { databases, useFreshDatabase } from './helpers'

/** The real repo, counting the statements that add to a count. */
function countingRepo(repo: RateLimitRepo): { repo: RateLimitRepo; statements: () => number } {
  let statements = 0
  return {
    repo: {
      ...repo,
      hit: (key, windowMs, n) => {
        statements++
        return repo.hit(key, windowMs, n)
      },
    },
    statements: () => statements,
  }
}

/** The plugin's call: answers the request's place in the window (accepted when ≤ the limit). */
const incr = (store: FastifyRateLimitStore, key: string) =>
  new Promise<number>((resolve, reject) => store.incr(key, (err, r) => (err ? reject(err) : resolve(r!.current)), RATE_LIMIT_WINDOW_MS, 0))

describe.each(databases())('shared rate-limit store on $name', ({ open }) => {
  const fresh = useFreshDatabase(open)

  it('counts a client far from its limit with a statement per ten requests or fewer, and never repeats a place', async () => {
    const { repo, statements } = countingRepo(createRateLimitRepo(fresh.db))
    const Store = databaseStore(repo, () => 600)
    const store = new Store({} as never)
    const places: number[] = []
    for (let i = 0; i < 200; i++) places.push(await incr(store, '198.51.100.1'))
    expect(places).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
    // 600 a minute: up to 60 places ahead while the count is under 300.
    expect(statements()).toBeLessThanOrEqual(20)
    // The database holds every place handed out (and those taken ahead), never fewer.
    expect((await createRateLimitRepo(fresh.db).peek('198.51.100.1', RATE_LIMIT_WINDOW_MS)).hits).toBeGreaterThanOrEqual(200)
  })

  it('lets exactly the limit through across two nodes, one request after another and in bursts', async () => {
    const repo = createRateLimitRepo(fresh.db)
    const limit = 100
    const [A, B] = [databaseStore(repo, () => limit), databaseStore(repo, () => limit)]
    const nodes = [new A({} as never), new B({} as never)]
    // One after another, alternating nodes: both take places ahead early on.
    const sequential: number[] = []
    for (let i = 0; i < 60; i++) sequential.push(await incr(nodes[i % 2], '198.51.100.2'))
    // Then a burst on both at once, well over what is left.
    const burst = await Promise.all(Array.from({ length: 120 }, (_, i) => incr(nodes[i % 2], '198.51.100.2')))
    const accepted = [...sequential, ...burst].filter((p) => p <= limit)
    // Both nodes still had requests when the limit came, so every place taken ahead was used: exactly the limit.
    expect(accepted).toHaveLength(limit)
    // Accepted places are distinct: no place is handed out twice across the nodes.
    expect(new Set(accepted).size).toBe(accepted.length)
    // And once over, both refuse.
    expect(await incr(nodes[0], '198.51.100.2')).toBeGreaterThan(limit)
    expect(await incr(nodes[1], '198.51.100.2')).toBeGreaterThan(limit)
  })

  it('counts exactly (no places ahead) for a limit of 40 hit by a burst on two nodes', async () => {
    const repo = createRateLimitRepo(fresh.db)
    const [A, B] = [databaseStore(repo, () => 40), databaseStore(repo, () => 40)]
    const nodes = [new A({} as never), new B({} as never)]
    const places = await Promise.all(Array.from({ length: 60 }, (_, i) => incr(nodes[i % 2], '198.51.100.3')))
    expect(places.filter((p) => p <= 40)).toHaveLength(40)
  })
})
