// Background jobs: named functions run every few seconds on each API node, and on demand by tests.
//
// A job receives the app clock's "now". Every job must be safe when several nodes run it at the same time:
// claim rows with FOR UPDATE SKIP LOCKED or change them with a conditional UPDATE (… WHERE status = …), so the
// second node finds nothing left to do. One run of a job never overlaps the previous run on the same node.
// A small scheduler of our own: node-cron & co. schedule by wall-clock patterns, while these are plain
// intervals that must be controllable by tests and stopped on close.
import type { FastifyBaseLogger } from 'fastify'

export type JobFn = (now: Date) => Promise<unknown>

interface Job {
  name: string
  everyMs: number
  fn: JobFn
  timer: NodeJS.Timeout | null
  running: Promise<unknown> | null
}

export interface Jobs {
  /** Adds a job; call from a module's plugin. Names are unique ('outbox.send', 'appointments.no-show', …). */
  register(name: string, everyMs: number, fn: JobFn): void
  /** Runs a job once now (waiting for a run in progress first) and returns what it returned. */
  run(name: string): Promise<unknown>
  names(): string[]
  /** Starts the timers (main.ts, when JOBS is not 0). */
  start(): void
  /** Stops the timers and waits for runs in progress (on app close). */
  stop(): Promise<void>
}

export function createJobs(clock: () => Date, log: FastifyBaseLogger): Jobs {
  const jobs = new Map<string, Job>()
  let started = false

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

  function schedule(job: Job): void {
    job.timer = setTimeout(() => {
      runJob(job)
        .catch((err: unknown) => log.error({ err, job: job.name }, 'background job failed'))
        .finally(() => {
          if (started) schedule(job)
        })
    }, job.everyMs)
    job.timer.unref()
  }

  return {
    register(name, everyMs, fn) {
      if (jobs.has(name)) throw new Error(`job ${name} registered twice`)
      const job: Job = { name, everyMs, fn, timer: null, running: null }
      jobs.set(name, job)
      if (started) schedule(job)
    },
    async run(name) {
      const job = jobs.get(name)
      if (!job) throw new Error(`no job named ${name}; known: ${[...jobs.keys()].join(', ')}`)
      return runJob(job)
    },
    names: () => [...jobs.keys()],
    start() {
      if (started) return
      started = true
      for (const job of jobs.values()) schedule(job)
    },
    async stop() {
      started = false
      for (const job of jobs.values()) if (job.timer) clearTimeout(job.timer)
      await Promise.all([...jobs.values()].map((j) => j.running?.catch(() => undefined)))
    },
  }
}
