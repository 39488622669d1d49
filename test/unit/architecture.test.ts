// The house rules of ARCHITECTURE.md that a reviewer would otherwise check by eye: import boundaries (ESLint fires on
// a file that crosses one), SQL only in repositories, and no source file over 400 lines.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.join(__dirname, '..', '..')
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js')

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`
    if (entry.isDirectory()) walk(rel, out)
    else out.push(rel)
  }
  return out
}

/** Lints `code` as if it were the file `filePath`; answers the rule ids reported. */
function lintAs(filePath: string, code: string): string[] {
  const r = spawnSync(process.execPath, [ESLINT, '--format', 'json', '--stdin', '--stdin-filename', filePath], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  })
  const report = JSON.parse(r.stdout) as { messages: { ruleId: string | null; message: string }[] }[]
  return report.flatMap((file) => file.messages.map((m) => m.ruleId ?? m.message))
}

describe('import boundaries (ESLint)', () => {
  const cases: [string, string, boolean][] = [
    ['server/modules/example/service.ts', "import { x } from '../../../src/stores'\nexport const y = x\n", true],
    ['server/modules/example/service.ts', "import { x } from '@/stores'\nexport const y = x\n", true],
    ['types/example.ts', "import type { X } from '../src/api/client'\nexport type Y = X\n", true],
    ['types/example.ts', "import type { X } from '../server/app'\nexport type Y = X\n", true],
    ['domain/example.ts', "import Taro from '@tarojs/taro'\nexport const y = Taro\n", true],
    ['domain/example.ts', "import { readFileSync } from 'node:fs'\nexport const y = readFileSync\n", true],
    ['domain/example.ts', "import { x } from '../server/config'\nexport const y = x\n", true],
    ['src/stores/example.ts', "import { x } from '../../server/config'\nexport const y = x\n", true],
    // allowed directions
    ['server/modules/example/service.ts', "import { isWorkingDay } from '@domain/calendar'\nexport const y = isWorkingDay\n", false],
    ['src/stores/example.ts', "import type { Hall } from '@contract/appointment'\nimport { maskPhone } from '@domain/mask'\nexport const y: Hall | null = null\nexport const z = maskPhone\n", false],
    ['types/example.ts', "import { CITY_SCENES } from '../domain/citycode-scenes'\nexport const y = CITY_SCENES\n", false],
  ]
  it.each(cases)('%s: %j → restricted %s', (file, code, restricted) => {
    const rules = lintAs(file, code)
    expect(rules.includes('no-restricted-imports')).toBe(restricted)
  })
})

describe('the tree', () => {
  const sources = ['src', 'domain', 'server', 'types', 'test', 'bench', 'scripts', 'config']
    .flatMap((dir) => walk(dir))
    .filter((f) => /\.(ts|tsx|js|mjs|cjs|scss)$/.test(f))

  it('has no source file over 400 lines outside types/, migrations and seed data', () => {
    const long = sources
      .filter((f) => !f.startsWith('types/') && !f.startsWith('server/db/migrations/'))
      .map((f) => ({ f, lines: fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 400)
      .map(({ f, lines }) => `${f} (${lines})`)
    expect(long).toEqual([])
  })

  it('keeps SQL in repositories (repo.ts or <part>.repo.ts) and migrations', () => {
    // The database layer itself (drivers, the migration runner) is the one other place that speaks SQL.
    const DB_LAYER = new Set(['server/db/index.ts', 'server/db/pglite.ts', 'server/db/postgres.ts', 'server/db/migrate.ts', 'server/db/types.ts'])
    const SQL = /\b(SELECT\s[\s\S]{0,400}?\bFROM\b|INSERT INTO\b|UPDATE\s+[a-z_]+\s+(?:[a-z]\s+)?SET\b|DELETE FROM\b|ON CONFLICT\b)/
    const offenders = sources
      .filter((f) => f.startsWith('server/') && /\.tsx?$/.test(f))
      .filter((f) => !/(^|\.)repo\.ts$/.test(path.basename(f)) && !DB_LAYER.has(f))
      .filter((f) => {
        const text = fs
          .readFileSync(path.join(ROOT, f), 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/^\s*\/\/.*$/gm, '')
        return SQL.test(text)
      })
    expect(offenders).toEqual([])
  })
})
