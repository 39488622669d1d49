// Process entry: reads the environment, opens and migrates the database, loads data, listens, shuts down cleanly.
import { mkdir } from 'node:fs/promises'
import { buildApp } from './app'
import { ConfigError, loadConfig, type Config } from './config'
import { openDatabase, type Db } from './db'
import { migrate, MigrationError } from './db/migrate'
import { seedReference, SeedError } from './db/seed'
import { DEMO_STAFF_PASSWORD, seedDemo } from './db/seed/demo'
import { KeyError } from './crypto'

/** SIGTERM/SIGINT: in-flight requests and job runs get this long to finish before the process exits anyway. */
const STOP_TIMEOUT_MS = 10_000

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `PGlite（内置，文件在 ${config.pgliteDir}）`
  const url = new URL(config.databaseUrl)
  return `PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname}`
}

async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) fail(`配置错误：${err.message}`)
    throw err
  }

  await mkdir(config.dataDir, { recursive: true })

  let db: Db
  try {
    db = await openDatabase(config)
  } catch (err) {
    fail(`无法打开数据库（${describeDatabase(config)}）：${(err as Error).message}`)
  }

  try {
    const result = await migrate(db, { log: (line) => console.log(line) })
    console.log(result.applied.length ? `数据库已升级到迁移 ${result.level}` : `数据库结构已是最新（迁移 ${result.level}）`)
    const seeded = await seedReference(db)
    console.log(`基础数据已载入：委办局 ${seeded.departments.total} 个（本次更新 ${seeded.departments.changed} 个）`)
    if (config.demo) {
      const staff = await seedDemo(db)
      console.log('演示数据已载入（DEMO=1）。演示工作人员账号（密码均为 ' + DEMO_STAFF_PASSWORD + '，仅供演示）：')
      for (const s of staff) {
        const scope = s.departmentCode ? `，委办局 ${s.departmentCode}` : s.hallId ? `，大厅 ${s.hallId}` : ''
        console.log(`  ${s.username.padEnd(16)} ${s.role}${scope} — ${s.displayName}`)
      }
      if (!config.sms) console.log('未配置 SMS_GATEWAY_URL：短信验证码将打印在本日志中（仅演示模式）')
    }
  } catch (err) {
    await db.close().catch(() => undefined)
    if (err instanceof MigrationError || err instanceof SeedError) fail(`启动中止：${err.message}`)
    throw err
  }

  let app: Awaited<ReturnType<typeof buildApp>>
  try {
    app = await buildApp({ config, db })
  } catch (err) {
    await db.close().catch(() => undefined)
    if (err instanceof KeyError) fail(`启动中止：${err.message}`)
    throw err
  }

  let closing = false
  let started = 0
  const shutdown = async (signal: string) => {
    if (closing) {
      // A wrapper relaying the signal the process group already got delivers it twice within milliseconds; a person
      // pressing Ctrl+C again means it.
      if (Date.now() - started < 1_000) return
      console.error(`再次收到 ${signal}，立即退出`)
      process.exit(1)
    }
    closing = true
    started = Date.now()
    console.log(`收到 ${signal}，正在停止服务：不再接受新连接，处理完进行中的请求后退出（最长 ${STOP_TIMEOUT_MS / 1000} 秒）…`)
    // Past the deadline a stuck request or job must not keep the node from stopping: the orchestrator would SIGKILL it anyway.
    const force = setTimeout(() => {
      console.error(`${STOP_TIMEOUT_MS / 1000} 秒内未能停止（仍有请求或后台任务未完成），强制退出`)
      process.exit(1)
    }, STOP_TIMEOUT_MS)
    force.unref()
    try {
      // No new job runs from now on; a run in progress finishes (and gives up its lease) before the pool closes.
      const jobsStopped = app.jobs.stop()
      // Stops accepting, closes idle keep-alive connections, answers requests already received (with Connection: close)
      // and waits for them; onClose hooks run after.
      await app.close()
      await jobsStopped
      await db.close()
      console.log(`服务已停止（用时 ${Date.now() - started} ms）`)
      process.exit(0)
    } catch (err) {
      console.error(`停止服务时出错：${(err as Error).message}`)
      process.exit(1)
    }
  }
  // A second signal while stopping forces the exit.
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (err) {
    await db.close().catch(() => undefined)
    fail(`无法在 ${config.host}:${config.port} 上监听：${(err as Error).message}`)
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  if (config.jobs) app.jobs.start()
  else console.log('JOBS=0：本节点不运行后台任务')
  console.log(`OneStop API listening on http://localhost:${port}`)
  console.log(`一站办 API 已启动：http://localhost:${port}（监听 ${config.host}:${port}）`)
  console.log(`数据库：${describeDatabase(config)}；数据目录：${config.dataDir}`)
}

main().catch((err: unknown) => {
  console.error('启动失败：', err)
  process.exit(1)
})
