// README stays true: its environment-variable table lists exactly the variables server/config.ts reads,
// and every npm script it documents exists.
import fs from 'node:fs'
import path from 'node:path'
import { CONFIG_VARIABLES } from '../../server/config'

const root = path.resolve(__dirname, '../..')
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }

function section(title: string): string {
  const start = readme.indexOf(`## ${title}`)
  expect(start).toBeGreaterThanOrEqual(0)
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end === -1 ? undefined : end)
}

test('the environment table lists exactly the variables the server reads', () => {
  const rows = [...section('Environment variables').matchAll(/^\| `([A-Z_0-9]+)` \|/gm)].map((m) => m[1])
  expect(rows.sort()).toEqual(CONFIG_VARIABLES.map((v) => v.name).sort())
})

test('every npm script the README names exists in package.json', () => {
  const named = new Set([...readme.matchAll(/npm run ([a-z0-9:]+)/g)].map((m) => m[1]))
  for (const script of ['start', 'test', 'server', 'build:weapp', 'build:alipay', 'build:h5', 'bench', 'size']) {
    expect(pkg.scripts[script]).toBeDefined()
  }
  for (const script of named) expect({ script, defined: script in pkg.scripts }).toEqual({ script, defined: true })
})
