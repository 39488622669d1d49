// ensureBuilt: makes sure dist/<target> is a production build of the current sources, building it when stale.
//
// The stale check, the lock that keeps parallel jest workers from building the same target twice and
// the build itself live once, in scripts/build-stamp.mjs (also used by `npm run size`). Jest runs test
// files as CommonJS and cannot load that ES module synchronously, so this runs it as a child process.
import { spawnSync } from 'node:child_process'
import path from 'node:path'

export type BuildTarget = 'weapp' | 'alipay' | 'h5'

export const ROOT = path.resolve(__dirname, '../..')
const SCRIPT = path.join(ROOT, 'scripts', 'build-stamp.mjs')

/** Time a test's beforeAll should allow for ensureBuilt: two builds may share the 2 cores. */
export const BUILD_TIMEOUT_MS = 240_000

export function distDir(target: BuildTarget): string {
  return path.join(ROOT, 'dist', target)
}

/**
 * Returns the absolute dist dir of `target`, after running `taro build --type <target>` if the dist
 * is missing or its `.build-stamp` does not match the content hash of src/, domain/, config/, types/ and the
 * project files. Throws with the tail of the build log when the build fails.
 */
export function ensureBuilt(target: BuildTarget): string {
  const res = spawnSync(process.execPath, [SCRIPT, target], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: BUILD_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  })
  if (res.error) throw new Error(`could not run ${path.relative(ROOT, SCRIPT)} ${target}: ${res.error.message}`)
  if (res.status !== 0) {
    throw new Error(`building ${target} failed (exit ${res.status ?? res.signal}):\n${res.stderr.trim()}`)
  }
  const dir = res.stdout.trim().split('\n').pop() ?? ''
  if (path.resolve(dir) !== distDir(target)) {
    throw new Error(`unexpected output from build-stamp.mjs: ${JSON.stringify(res.stdout)}`)
  }
  return dir
}

/** Whether dist/<target> is fresh, without building. */
export function isBuilt(target: BuildTarget): boolean {
  const res = spawnSync(process.execPath, [SCRIPT, '--check', target], { cwd: ROOT, stdio: 'ignore' })
  return res.status === 0
}
