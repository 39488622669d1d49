// Builds a Taro target only when dist/<target> is missing or stale, judged by a content hash of the build inputs.
//
// The hash covers every file that can change the output (src/, domain/, config/, types/, babel.config.js,
// package.json, package-lock.json, project.config.json, tsconfig.json), the target name and the
// TARO_APP_* environment. It is written to dist/<target>/.build-stamp after a successful build, so a
// fresh clone (where every mtime is "now") still rebuilds exactly when the content differs.
//
// Used by scripts/size.mjs (import) and by test/support/build.ts (which runs this file as a CLI, so
// jest's CommonJS tests can wait for it synchronously):
//   node scripts/build-stamp.mjs weapp [alipay h5 ...]   build what is stale, print each dist dir
//   node scripts/build-stamp.mjs --check weapp           exit 0 when fresh, 3 when stale, build nothing
// Concurrent callers (parallel jest workers, size.mjs) take a per-target lock directory, so two
// processes never build the same target at once; the second waits and then finds the output fresh.
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const TARGETS = ['weapp', 'alipay', 'h5']
export const STAMP_FILE = '.build-stamp'

const INPUT_DIRS = ['src', 'domain', 'config', 'types']
const INPUT_FILES = ['babel.config.js', 'package.json', 'package-lock.json', 'project.config.json', 'tsconfig.json']
const LOCK_WAIT_MS = 10 * 60_000
const LOG_TAIL_LINES = 60

function assertTarget(target) {
  if (!TARGETS.includes(target)) throw new Error(`unknown build target "${target}" (expected one of ${TARGETS.join(', ')})`)
}

function listFiles(dir, rel = '') {
  let entries
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true })
  } catch {
    return []
  }
  const out = []
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const child = rel ? `${rel}/${e.name}` : e.name
    if (e.isDirectory()) out.push(...listFiles(dir, child))
    else if (e.isFile()) out.push(child)
  }
  return out
}

/** sha256 over the target, the TARO_APP_* environment and every input file's path and content. */
export function inputHash(target, root = ROOT) {
  assertTarget(target)
  const h = crypto.createHash('sha256')
  h.update(`target=${target}\n`)
  for (const key of Object.keys(process.env).filter((k) => k.startsWith('TARO_APP_')).sort()) {
    h.update(`env ${key}=${process.env[key]}\n`)
  }
  const files = [
    ...INPUT_DIRS.flatMap((d) => listFiles(path.join(root, d)).map((f) => `${d}/${f}`)),
    ...INPUT_FILES.filter((f) => fs.existsSync(path.join(root, f))),
  ]
  for (const rel of files) {
    const content = fs.readFileSync(path.join(root, rel))
    h.update(`file ${rel} ${content.length}\n`)
    h.update(content)
  }
  return h.digest('hex')
}

export function distDir(target, root = ROOT) {
  assertTarget(target)
  return path.join(root, 'dist', target)
}

export function logFile(target, root = ROOT) {
  // Beside, not inside, the output: Taro empties dist/<target> when it builds, and the log must not count in sizes.
  return path.join(root, 'dist', `${target}.build.log`)
}

/** Whether dist/<target> holds a successful build of the current inputs. */
export function isFresh(target, root = ROOT) {
  const stamp = path.join(distDir(target, root), STAMP_FILE)
  let recorded
  try {
    recorded = fs.readFileSync(stamp, 'utf8').trim()
  } catch {
    return false
  }
  return recorded === inputHash(target, root)
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function pidAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return err.code === 'EPERM'
  }
}

function mtimeMs(file) {
  try {
    return fs.statSync(file).mtimeMs
  } catch {
    return Date.now()
  }
}

async function withLock(target, root, fn) {
  const lock = path.join(root, 'dist', `.${target}.build-lock`)
  fs.mkdirSync(path.dirname(lock), { recursive: true })
  const deadline = Date.now() + LOCK_WAIT_MS
  for (;;) {
    try {
      fs.mkdirSync(lock)
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid))
      break
    } catch (err) {
      if (err.code !== 'EEXIST') throw err
      let owner = NaN
      try {
        owner = Number.parseInt(fs.readFileSync(path.join(lock, 'pid'), 'utf8'), 10)
      } catch {
        // The owner has made the directory but not written its pid yet.
      }
      const orphan = !Number.isInteger(owner) && Date.now() - mtimeMs(lock) > 30_000
      if (orphan || (Number.isInteger(owner) && owner > 0 && !pidAlive(owner))) {
        fs.rmSync(lock, { recursive: true, force: true })
        continue
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} (held by pid ${owner})`)
      await sleep(250)
    }
  }
  try {
    return await fn()
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}

function tail(file, lines = LOG_TAIL_LINES) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')
  } catch {
    return '(no build log)'
  }
}

/** Runs `taro build --type <target>` (a production build), output to dist/<target>.build.log. */
export async function build(target, root = ROOT) {
  const hash = inputHash(target, root)
  const out = distDir(target, root)
  const log = logFile(target, root)
  fs.rmSync(path.join(out, STAMP_FILE), { force: true })
  fs.mkdirSync(path.dirname(log), { recursive: true })
  const fd = fs.openSync(log, 'w')
  const started = Date.now()
  const taroBin = path.join(root, 'node_modules', '@tarojs', 'cli', 'bin', 'taro')
  const env = { ...process.env, NODE_ENV: 'production' }
  const code = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [taroBin, 'build', '--type', target], { cwd: root, env, stdio: ['ignore', fd, fd] })
    child.on('error', reject)
    child.on('exit', (c, signal) => resolve(signal ? `signal ${signal}` : c))
  })
  fs.closeSync(fd)
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  const entry = target === 'h5' ? 'index.html' : 'app.json'
  if (code !== 0 || !fs.existsSync(path.join(out, entry))) {
    throw new Error(`taro build --type ${target} failed (exit ${code}) after ${seconds}s; last lines of ${log}:\n${tail(log)}`)
  }
  // Taro exits 0 on an invalid config ("Taro 配置有误") and prints webpack errors as "编译失败";
  // neither may leave a stamp behind.
  const text = fs.readFileSync(log, 'utf8')
  if (/Taro 配置有误|编译失败|Module not found|ERROR in /.test(text)) {
    throw new Error(`taro build --type ${target} reported errors after ${seconds}s; last lines of ${log}:\n${tail(log)}`)
  }
  fs.writeFileSync(path.join(out, STAMP_FILE), `${hash}\n`)
  return { dir: out, seconds: Number(seconds) }
}

/** Builds dist/<target> unless it is fresh; returns the dist dir and whether a build ran. */
export async function ensureBuilt(target, { root = ROOT, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  assertTarget(target)
  if (isFresh(target, root)) return { dir: distDir(target, root), built: false }
  return withLock(target, root, async () => {
    // Another process may have finished the same build while this one waited for the lock.
    if (isFresh(target, root)) return { dir: distDir(target, root), built: false }
    log(`[build-stamp] building ${target} (dist/${target} missing or stale) …`)
    const { dir, seconds } = await build(target, root)
    log(`[build-stamp] built ${target} in ${seconds}s`)
    return { dir, built: true }
  })
}

async function main(argv) {
  const check = argv.includes('--check')
  const targets = argv.filter((a) => !a.startsWith('--'))
  if (targets.length === 0) {
    process.stderr.write(`usage: node scripts/build-stamp.mjs [--check] <${TARGETS.join('|')}>...\n`)
    return 2
  }
  for (const t of targets) assertTarget(t)
  if (check) return targets.every((t) => isFresh(t)) ? 0 : 3
  for (const t of targets) {
    const { dir } = await ensureBuilt(t)
    process.stdout.write(`${dir}\n`)
  }
  return 0
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
      process.exitCode = 1
    },
  )
}
