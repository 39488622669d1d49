// The job scheduler's leases (server/jobs.ts, job_leases): two schedulers on one database, as two nodes would be,
// run a due job once between them; a run in progress keeps the job from the other node; stop releases the lease;
// the lease of a node that died lapses and another node takes the job over. On PGlite and PostgreSQL.
import Fastify from 'fastify'
import type { Db } from '../../server/db'
import { migrate } from '../../server/db/migrate'
import { createJobs, JOB_TICK_MS, type Jobs } from '../../server/jobs'
import { createJobLeases } from '../../server/jobs.repo'
import { databases } from './helpers'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const silent = Fastify({ logger: false }).log

async function until(fn: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms`)
    await sleep(50)
  }
}

describe.each(databases())('job leases on $name', ({ open }) => {
  let db: Db
  let nodes: Jobs[] = []
  const ran: string[] = []

  const lease = async (name: string) =>
    (
      await db.query<{ runs: number; locked_by: string | null; last_run_by: string | null }>(
        'SELECT runs, locked_by, last_run_by FROM job_leases WHERE name = $1',
        [name],
      )
    ).rows[0]
  const makeDue = (name: string) => db.query('UPDATE job_leases SET next_at = now() WHERE name = $1', [name])

  /** Two schedulers on the database, each with job `name` (every minute) that records which node ran it. */
  function twoNodes(name: string, fn: (node: string) => Promise<void> = async () => undefined): Jobs[] {
    nodes = [0, 1].map(() => createJobs(() => new Date(), silent, createJobLeases(db)))
    for (const n of nodes)
      n.register(name, 60_000, async () => {
        ran.push(n.node)
        await fn(n.node)
      })
    return nodes
  }

  beforeAll(async () => {
    db = await open()
    await migrate(db)
  }, 60_000)
  afterEach(async () => {
    await Promise.all(nodes.map((n) => n.stop()))
    ran.length = 0
  })
  afterAll(async () => {
    await db?.close()
  })

  it('runs a due job on one of two nodes, once, and again once when it is due again', async () => {
    for (const n of twoNodes('test.once')) n.start()
    await until(async () => ran.length > 0, 10 * JOB_TICK_MS)
    await sleep(3 * JOB_TICK_MS)
    expect(ran).toHaveLength(1)
    expect(await lease('test.once')).toMatchObject({ runs: 1, locked_by: null, last_run_by: ran[0] })
    await makeDue('test.once')
    await until(async () => ran.length > 1, 10 * JOB_TICK_MS)
    await sleep(3 * JOB_TICK_MS)
    expect(ran).toHaveLength(2)
    expect((await lease('test.once')).runs).toBe(2)
  }, 30_000)

  it('keeps a job from the other node while a run is in progress, and releases it when the run ends', async () => {
    let finish: () => void = () => undefined
    const held = new Promise<void>((resolve) => (finish = resolve))
    for (const n of twoNodes('test.long', () => held)) n.start()
    await until(async () => ran.length > 0, 10 * JOB_TICK_MS)
    expect((await lease('test.long')).locked_by).toBe(ran[0])
    // Due again while the first run lasts: nobody starts a second one.
    await makeDue('test.long')
    await sleep(3 * JOB_TICK_MS)
    expect(ran).toHaveLength(1)
    finish()
    await until(async () => (await lease('test.long')).locked_by === null, 5 * JOB_TICK_MS)
    // Released and still due: the next look runs it, on either node.
    await until(async () => ran.length > 1, 5 * JOB_TICK_MS)
  }, 30_000)

  it('takes over the job of a node that died holding it once the lease lapses', async () => {
    await db.query(
      `INSERT INTO job_leases (name, next_at, locked_until, locked_by) VALUES ('test.orphan', now() - interval '1 minute', now() + interval '2 seconds', 'gone:1:dead')`,
    )
    for (const n of twoNodes('test.orphan')) n.start()
    await sleep(JOB_TICK_MS)
    expect(ran).toHaveLength(0)
    await until(async () => ran.length > 0, 6 * JOB_TICK_MS)
    expect(await lease('test.orphan')).toMatchObject({ runs: 1, locked_by: null, last_run_by: ran[0] })
  }, 30_000)

  it('runs a job by hand on this node without its lease (tests, operators)', async () => {
    const [a] = twoNodes('test.manual')
    await a.run('test.manual')
    expect(ran).toEqual([a.node])
  })
})
