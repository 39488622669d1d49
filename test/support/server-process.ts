// Starts the real API server (server/main.ts) as a child process on a free loopback port, for black-box tests.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export interface RunningServer {
  url: string
  dataDir: string
  logs: () => string
  /** SIGTERM, SIGKILL after 10 s; answers the exit code (null when it had to be killed). */
  stop: () => Promise<number | null>
}

const ROOT = path.resolve(__dirname, '../..')

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Starts `node --import tsx server/main.ts` with a fresh DATA_DIR (embedded PGlite) unless env says otherwise. The first start
 * (migrations, catalog, demo data) on two busy cores can take minutes, hence the generous default wait.
 */
export async function startServer(env: Record<string, string> = {}, timeoutMs = 180_000): Promise<RunningServer> {
  const port = await freePort()
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'onestop-data-'))
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ...env }
  // The black-box server always uses its own embedded database unless a test asks otherwise.
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL
  // tsx as a loader in the server's own process (as `npm run server`): the tsx CLI would stand between the test and the
  // server and, when the server's event loop is busy, turn a relayed SIGTERM into a SIGKILL after 30 ms.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that a kill after a timed-out start reaches anything the server started too.
    detached: true,
  })
  const killAll = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  let output = ''
  child.stdout!.on('data', (b) => (output += b))
  child.stderr!.on('data', (b) => (output += b))
  const url = `http://127.0.0.1:${port}`

  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`)
    try {
      const res = await fetch(`${url}/api/health`)
      if (res.ok) break
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      killAll()
      throw new Error(`server did not answer /api/health within ${timeoutMs} ms:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }

  return {
    url,
    dataDir,
    logs: () => output,
    stop: () =>
      new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode)
        const timer = setTimeout(killAll, 10_000)
        child.once('exit', (code) => {
          clearTimeout(timer)
          resolve(code)
        })
        child.kill('SIGTERM')
      }),
  }
}
