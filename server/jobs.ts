// Background jobs: named functions run every few seconds, each run on exactly one API node, and on demand by tests.
//
// A job receives the app clock's "now". Across nodes, a run is claimed through the job's lease row (job_leases,
// jobs.repo.ts): every node looks once a second for jobs that are due, and the one UPDATE that moves a job's next_at
// forward and locks it succeeds on one node only; the others find it not due. The lock is renewed while the run lasts
// and released when it ends (also on stop); a node that dies mid-run lets it lapse after LEASE_MS. Jobs must still be
// safe if two runs ever overlap (a lapsed lease, `run()` by hand): claim rows with FOR UPDATE SKIP LOCKED or change
// them with a conditional UPDATE (… WHERE status = …). One run of a job never overlaps another on the same node.
// A small scheduler of our own: node-cron & co. schedule by wall-clock patterns on one process, while these are
// plain intervals shared by several nodes that tests must be able to run and stop.
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { FastifyBaseLogger } from 'fastify'
import type { JobLeases } from './jobs.repo'

export type JobFn = (now: Date) => Promise<unknown>

/** How often a node looks for due jobs: the most a job waits past its time, and how fast another node takes over. */
export const JOB_TICK_MS = 1_000
/** How long a claimed run stays locked without renewal (renewed every third of it while the run lasts). */
export const LEASE_MS = 60_000

interface Job {
  name: string
  everyMs: number
  fn: JobFn
  running: Promise<unknown> | null
}

export interface Jobs {
  /** Adds a job; call from a module's plugin. Names are unique ('outbox.send', 'appointments.no-show', …). */
  register(name: string, everyMs: number, fn: JobFn): void
  /** Runs a job once now on this node, without its lease (waiting for a run in progress first); answers what it returned. */
  run(name: string): Promise<unknown>
  names(): string[]
  /** This node's name in job_leases.locked_by / last_run_by. */
  readonly node: string
  /** Starts claiming due jobs (main.ts, when JOBS is not 0). */
  start(): void
  /** Stops claiming, waits for runs in progress and releases their leases (on app close). */
  stop(): Promise<void>
}

export function createJobs(clock: () => Date, log: FastifyBaseLogger, leases: JobLeases): Jobs {
  const jobs = new Map<string, Job>()
  const node = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
  let started = false
  /** Whether every registered job has its lease row. */
  let ensured = false
  let timer: NodeJS.Timeout | null = null
  let ticking: Promise<void> | null = null
  /** Runs started by the scheduler, released when they end. */
  const claimed = new Set<Promise<void>>()

  async function runJob(job: Job): Promise<unknown> {
    while (job.running) await job.running.catch(() => undefined)
    const p = job.fn(clock())
    job.running = p
    try {
      return await p
    } finally {
      job.running = null
    }
  }

  /** A claimed run: renews the lease while it lasts, releases it at the end whatever happened. */
  function runClaimed(job: Job): void {
    const renew = setInterval(() => {
      leases.renew(job.name, node, LEASE_MS).catch((err: unknown) => log.warn({ err, job: job.name }, '后台任务续期失败'))
    }, LEASE_MS / 3)
    renew.unref()
    const done: Promise<void> = runJob(job)
      .then(
        () => undefined,
        (err: unknown) => log.error({ err, job: job.name }, 'background job failed'),
      )
      .finally(async () => {
        clearInterval(renew)
        await leases.release(job.name, node).catch((err: unknown) => log.warn({ err, job: job.name }, '后台任务释放失败'))
        claimed.delete(done)
      })
    claimed.add(done)
  }

  async function tick(): Promise<void> {
    if (!ensured) {
      await leases.ensure([...jobs.keys()])
      ensured = true
    }
    const idle = [...jobs.values()].filter((j) => !j.running)
    const names = await leases.claimDue(
      idle.map((j) => j.name),
      idle.map((j) => j.everyMs),
      node,
      LEASE_MS,
    )
    for (const name of names) if (started) runClaimed(jobs.get(name)!)
    // Claimed after stop() began: give the lease back at once.
    if (!started) for (const name of names) await leases.release(name, node)
  }

  function schedule(): void {
    timer = setTimeout(() => {
      ticking = tick()
        .catch((err: unknown) => log.warn({ err }, '查找到期的后台任务失败'))
        .finally(() => {
          ticking = null
          if (started) schedule()
        })
    }, JOB_TICK_MS)
    timer.unref()
  }

  return {
    register(name, everyMs, fn) {
      if (jobs.has(name)) throw new Error(`job ${name} registered twice`)
      jobs.set(name, { name, everyMs, fn, running: null })
      ensured = false
    },
    async run(name) {
      const job = jobs.get(name)
      if (!job) throw new Error(`no job named ${name}; known: ${[...jobs.keys()].join(', ')}`)
      return runJob(job)
    },
    names: () => [...jobs.keys()],
    node,
    start() {
      if (started) return
      started = true
      schedule()
    },
    async stop() {
      started = false
      if (timer) clearTimeout(timer)
      await ticking
      await Promise.all([...claimed])
      await Promise.all([...jobs.values()].map((j) => j.running?.catch(() => undefined)))
    },
  }
}
