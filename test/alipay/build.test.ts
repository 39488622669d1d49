// The Alipay build (dist/alipay, production): every page's files, Alipay's template dialect, my.* APIs only, sizes.
//
// There is no simulator for Alipay mini-programs; behaviour is covered by the weapp simulation and the
// unit tests of the shared code. This file checks that the Alipay output is complete and speaks Alipay:
// .axml/.acss/.sjs with a:for, `my` as the API object, Alipay's app.json keys, and budgets.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parseSync, traverse } from '@babel/core'
import { BUILD_TIMEOUT_MS, ROOT, ensureBuilt } from '../support/build'

interface AlipayAppJson {
  pages: string[]
  subPackages?: { root: string; pages: string[] }[]
  subpackages?: { root: string; pages: string[] }[]
  window?: Record<string, unknown>
  tabBar?: { items: { pagePath: string; name: string; icon?: string; activeIcon?: string }[] }
}

let dist: string
let app: AlipayAppJson

const read = (rel: string) => fs.readFileSync(path.join(dist, rel), 'utf8')
const exists = (rel: string) => fs.existsSync(path.join(dist, rel))

function walk(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const child = rel ? `${rel}/${e.name}` : e.name
    return e.isDirectory() ? walk(dir, child) : e.isFile() ? [child] : []
  })
}

function subpackageRoots(): string[] {
  return (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/^\/+|\/+$/g, ''))
}

function routes(): string[] {
  const subs = app.subPackages ?? app.subpackages ?? []
  return [...app.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/^\/+|\/+$/g, '')}/${p}`))]
}

/** The subpackage root a dist file belongs to, or '' for the main package. */
function packageOf(rel: string): string {
  return subpackageRoots().find((r) => rel.startsWith(`${r}/`)) ?? ''
}

/**
 * Free references to a global (`wx.request`, `wx["webpackJsonp"]`, a bare `wx`) in a compiled file,
 * found on the parsed program, so strings, comments, property names (`a.wx`) and local variables
 * named `wx` do not count.
 */
function globalUses(file: string, name: string): string[] {
  const code = read(file)
  const ast = parseSync(code, { babelrc: false, configFile: false, sourceType: 'script', filename: file })
  if (!ast) throw new Error(`could not parse ${file}`)
  const uses: string[] = []
  traverse(ast, {
    Identifier(p) {
      if (p.node.name !== name || !p.isReferencedIdentifier() || p.scope.hasBinding(name)) return
      const at = p.node.start ?? 0
      uses.push(`${file}: …${code.slice(Math.max(0, at - 30), at + 40)}…`)
    },
  })
  return uses
}

beforeAll(() => {
  dist = ensureBuilt('alipay')
  app = JSON.parse(read('app.json')) as AlipayAppJson
}, BUILD_TIMEOUT_MS)

test('app.json uses Alipay keys and lists the main pages and the four subpackages', () => {
  expect(app.pages).toEqual(expect.arrayContaining(['pages/home/index', 'pages/catalog/index', 'pages/me/index']))
  expect(subpackageRoots()).toEqual(
    expect.arrayContaining(['packages/appointment', 'packages/request', 'packages/citycode', 'packages/staff', 'packages/account']),
  )
  expect(routes()).toEqual(
    expect.arrayContaining([
      'packages/account/pages/login/index',
      'packages/account/pages/profile/index',
      'packages/account/pages/realname/index',
      'packages/account/pages/privacy/index',
      'packages/account/pages/data/index',
      'packages/staff/pages/login/index',
    ]),
  )
  // WeChat's privacy switch is WeChat's alone.
  expect(app).not.toHaveProperty('__usePrivacyCheck__')
  expect(app.window?.defaultTitle).toBe('一站办')
  expect(app.window).not.toHaveProperty('navigationBarTitleText')
  const tabs = app.tabBar?.items ?? []
  expect(tabs.map((t) => [t.pagePath, t.name])).toEqual([
    ['pages/home/index', '首页'],
    ['pages/catalog/index', '办事'],
    ['pages/me/index', '我的'],
  ])
  for (const tab of tabs) {
    for (const icon of [tab.icon, tab.activeIcon]) {
      expect(icon).toBeTruthy()
      expect(exists(icon!)).toBe(true)
    }
  }
})

test('every page has its .axml, .acss, .js and .json, and the template includes base.axml', () => {
  expect(exists('base.axml')).toBe(true)
  expect(exists('utils.sjs')).toBe(true)
  expect(read('base.axml')).toMatch(/<import-sjs\s+name="xs"\s+from="\.\/utils\.sjs"\s*\/>/)
  expect(read('base.axml')).toMatch(/<template name="taro_tmpl">/)

  const problems: string[] = []
  for (const route of routes()) {
    for (const ext of ['axml', 'acss', 'js', 'json']) {
      if (!exists(`${route}.${ext}`)) problems.push(`${route}.${ext} missing`)
    }
    if (!exists(`${route}.axml`)) continue
    // Taro renders every page through one template tree: the page's axml imports base.axml and
    // instantiates taro_tmpl with the page's data root.
    const axml = read(`${route}.axml`)
    const base = path.posix.relative(path.posix.dirname(route), 'base.axml')
    if (!axml.includes(`<import src="${base}"/>`)) problems.push(`${route}.axml does not import ${base}: ${axml}`)
    if (!/<template is="taro_tmpl" data="{{root:root}}"\s*\/>/.test(axml)) problems.push(`${route}.axml does not use taro_tmpl`)
    const json = JSON.parse(read(`${route}.json`)) as Record<string, unknown>
    if (typeof json.defaultTitle !== 'string' || !json.defaultTitle) problems.push(`${route}.json has no defaultTitle`)
    if ('navigationBarTitleText' in json) problems.push(`${route}.json still says navigationBarTitleText`)
    if (!/\bPage\(/.test(read(`${route}.js`))) problems.push(`${route}.js never calls Page()`)
  }
  expect(problems).toEqual([])
  // 办事 refreshes by pulling down: Alipay's name for it.
  expect(JSON.parse(read('pages/catalog/index.json'))).toMatchObject({ defaultTitle: '办事', pullRefresh: true })
})

test('no WeChat leftovers: no .wxml/.wxss/.wxs files, no wx: directives, no wx.* calls', () => {
  const files = walk(dist)
  expect(files.filter((f) => /\.(wxml|wxss|wxs)$/.test(f))).toEqual([])

  const templates = files.filter((f) => f.endsWith('.axml'))
  for (const f of templates) expect({ file: f, wx: read(f).match(/\bwx:[a-z]+/g) }).toEqual({ file: f, wx: null })
  expect(read('base.axml')).toMatch(/\ba:for=/)

  const jsFiles = files.filter((f) => f.endsWith('.js'))
  expect(jsFiles.length).toBeGreaterThan(routes().length)
  expect(jsFiles.flatMap((f) => globalUses(f, 'wx'))).toEqual([])
})

test('the output talks to Alipay through my.*', () => {
  // Taro's Alipay runtime proxies its API onto the global `my`, and the chunks register on my.webpackJsonp.
  const uses = globalUses('taro.js', 'my')
  expect(uses.some((u) => /\bmy\.request\b/.test(u))).toBe(true)
  expect(read('app.js')).toContain('my["webpackJsonp"]')
  for (const route of routes()) expect(read(`${route}.js`)).toContain('my["webpackJsonp"]')
})

test('every require() resolves inside the package rules: main never reaches into a subpackage', () => {
  const problems: string[] = []
  for (const f of walk(dist).filter((x) => x.endsWith('.js'))) {
    const from = packageOf(f)
    for (const m of read(f).matchAll(/\brequire\((["'])([^"']+)\1\)/g)) {
      const spec = m[2]
      if (!spec.startsWith('.')) {
        problems.push(`${f} requires the bare module "${spec}"`)
        continue
      }
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(f), spec.endsWith('.js') ? spec : `${spec}.js`))
      if (!exists(target)) problems.push(`${f} requires ${spec}, which is not in the output`)
      const to = packageOf(target)
      if (to && to !== from) problems.push(`${f} (${from || 'main'}) requires ${target} from subpackage ${to}`)
    }
  }
  expect(problems).toEqual([])
})

test('main package and subpackages are within budget (scripts/size.mjs)', () => {
  const res = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'size.mjs'), '--targets', 'alipay', '--no-build'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  const report = JSON.parse(res.stdout) as {
    alipay: { main: number; subpackages: Record<string, number> }
    budgets: { miniMainBytes: number; miniSubpackageBytes: number }
    ok: boolean
  }
  expect(res.stderr).toBe('')
  expect(report.ok).toBe(true)
  expect(res.status).toBe(0)
  // One entry per subpackage of app.json (the H5-only 一屏观 is not in the mini-programs), the first six always among them.
  const measured = Object.keys(report.alipay.subpackages).sort()
  expect(measured).toEqual(subpackageRoots().map((r) => r.replace(/^packages\//, '')).sort())
  expect(measured).toEqual(expect.arrayContaining(['account', 'appointment', 'citycode', 'guide', 'request', 'staff']))
  expect(measured).not.toContain('command')
  expect(report.alipay.main).toBeLessThanOrEqual(report.budgets.miniMainBytes)
  for (const bytes of Object.values(report.alipay.subpackages)) expect(bytes).toBeLessThanOrEqual(report.budgets.miniSubpackageBytes)
})

test('the login page signs in through my.getAuthCode (auth_base), in the account subpackage, not wx.login', () => {
  const accountJs = walk(dist).filter((f) => f.startsWith('packages/account/') && f.endsWith('.js'))
  const calls = accountJs.flatMap((f) => globalUses(f, 'my').filter((u) => /\bmy\.getAuthCode\b/.test(u)))
  expect(calls.length).toBe(1)
  const loginChunk = accountJs.find((f) => /\bmy\.getAuthCode\(/.test(read(f)))!
  expect(read(loginChunk)).toMatch(/my\.getAuthCode\(\{scopes:"auth_base"/)
  // The WeChat code path is compiled away for Alipay, and the main package carries no sign-in code.
  expect(accountJs.some((f) => read(f).includes('微信一键登录'))).toBe(false)
  expect(read('app.js')).not.toContain('getAuthCode')
})
