// Backup and restore on PostgreSQL: pg_dump -Fc of DATABASE_URL's database while the API nodes keep running (a
// consistent snapshot), and a restore that empties schema public and loads the dump in one transaction (psql
// --single-transaction over pg_restore's script): it succeeds whole or changes nothing.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { BackupError } from './archive'
import { RESET_PUBLIC_SCHEMA } from './restore.repo'

export type PgTool = 'pg_dump' | 'pg_restore' | 'psql'

/** Directories to look in, best first: the newest Debian/Ubuntu and RHEL installs, then PATH. */
function candidateDirs(): string[] {
  const versioned = (root: string, pattern: RegExp, sub: string) =>
    existsSync(root)
      ? readdirSync(root)
          .filter((d) => pattern.test(d))
          .sort((a, b) => Number(b.replace(/\D/g, '')) - Number(a.replace(/\D/g, '')))
          .map((d) => path.join(root, d, sub))
      : []
  return [
    ...versioned('/usr/lib/postgresql', /^\d+$/, 'bin'),
    ...versioned('/usr', /^pgsql-\d+$/, 'bin'),
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
  ]
}

/** Finds a client program: in `binDir` when given, else the newest installed (pg_dump must not be older than the server). */
export function findPgTool(tool: PgTool, binDir?: string): string {
  const dirs = binDir ? [binDir] : candidateDirs()
  for (const dir of dirs) {
    const file = path.join(dir, tool)
    if (existsSync(file)) return file
  }
  throw new BackupError(
    binDir
      ? `在 ${binDir} 中找不到 ${tool}`
      : `找不到 PostgreSQL 客户端程序 ${tool}：请安装与数据库同版本或更新的 PostgreSQL 客户端（Debian/Ubuntu：postgresql-client），或用 --pg-bin <目录> 指定`,
  )
}

function run(program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', (err) => reject(new BackupError(`无法运行 ${program}：${err.message}`)))
    child.on('exit', (code) => {
      if (code === 0) resolve()
      else reject(new BackupError(`${path.basename(program)} 失败（退出码 ${code}）：${stderr.trim().slice(-2000)}`))
    })
  })
}

/** pg_dump in its custom format (compressed, restorable with pg_restore) of the whole database. */
export async function dumpPostgres(databaseUrl: string, file: string, binDir?: string): Promise<void> {
  await run(findPgTool('pg_dump', binDir), ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${databaseUrl}`])
}

/** Replaces everything in schema public with the dump, in one transaction. */
export async function restorePostgres(databaseUrl: string, file: string, workDir: string, binDir?: string): Promise<void> {
  const script = path.join(workDir, 'restore.sql')
  const reset = path.join(workDir, 'reset.sql')
  await run(findPgTool('pg_restore', binDir), ['--no-owner', '--no-privileges', `--file=${script}`, file])
  await writeFile(reset, RESET_PUBLIC_SCHEMA)
  await run(findPgTool('psql', binDir), [
    '--no-psqlrc',
    '--quiet',
    '--set=ON_ERROR_STOP=1',
    '--single-transaction',
    `--file=${reset}`,
    `--file=${script}`,
    `--dbname=${databaseUrl}`,
  ])
}
