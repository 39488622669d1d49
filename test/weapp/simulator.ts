// WeappSimulator: runs the compiled dist/weapp in miniprogram-simulate — app boot, pages, wx API recorders.
//
// How it fits together (see /work/shared/TOOLCHAIN.md, "Testing the compiled WeChat output"):
// - miniprogram-simulate (j-component + WeChat's own template compiler `wcc`) renders a page's .wxml
//   with its data; it needs a DOM, so test files using this run under `@jest-environment jsdom`.
// - The dist JS is evaluated by a small CommonJS loader of our own, not by jest's `require`: jest
//   would transform the minified bundles with babel and cache every module, but a mini-program's
//   component file (`comp.js`) must run again each time a page that uses it is loaded.
// - WeChat's `App`, `getApp`, `getCurrentPages` and `Page` globals are provided here; `Page(config)`
//   is mapped onto j-component's `Component` (lifecycles onto lifetimes).
// - `wx.request` and the navigation APIs are replaced on the `wx` object (Taro looks them up on it at
//   call time) with recorders (simulator-wx.ts); a test decides how the "server" answers.
import fs from 'node:fs'
import path from 'node:path'
import { installWxStubs, type NavCall, type PrivacyListener, type RequestHandler, type RequestRecord } from './simulator-wx'

/** The part of j-component's node wrapper the tests use. */
export interface SimNode {
  readonly dom: HTMLElement | undefined
  readonly instance: Record<string, unknown>
  dispatchEvent(eventName: string, options?: unknown): void
  querySelector(selector: string): SimNode | undefined
  querySelectorAll(selector: string): SimNode[]
}

export interface SimRoot extends SimNode {
  attach(parent: Node): void
  detach(): void
}

interface Simulate {
  load(componentPath: string, options: Record<string, unknown>): string
  render(id: string, properties?: Record<string, unknown>): SimRoot
}

export interface AppJson {
  pages: string[]
  subPackages?: { root: string; pages: string[] }[]
  subpackages?: { root: string; pages: string[] }[]
  tabBar?: { list: { pagePath: string }[] }
}

export type { FakeResponse, NavApi, NavCall, RequestHandler, RequestRecord } from './simulator-wx'

export interface SetDataRecord {
  route: string
  bytes: number
  keys: number
}

type Dict = Record<string, unknown>
type Fn = (this: unknown, ...args: unknown[]) => unknown

export class WeappSimulator {
  readonly appJson: AppJson
  /** Every wx.request the app made, in order. */
  readonly requests: RequestRecord[] = []
  /** Every navigation the app asked for, in order. */
  readonly navCalls: NavCall[] = []
  /** Size in bytes (UTF-8 JSON) of every setData a page sent to the view layer. */
  readonly setDataLog: SetDataRecord[] = []
  /** console.error output and errors thrown by page lifecycles; a healthy run leaves it empty. */
  readonly errors: string[] = []
  /** Pages opened and not yet closed, oldest first. */
  private readonly openPages: SimRoot[] = []
  /** Calls of APIs the tests care about besides navigation (stopPullDownRefresh, showModal …). */
  readonly apiCalls: { api: string; args: unknown }[] = []
  requestHandler: RequestHandler = () => ({ fail: 'request:fail no handler installed by the test' })
  /** What wx.login answers: a code, or a failure message. */
  loginAnswer: { code: string } | { fail: string } = { code: 'wx-test-code' }
  /** What the app keeps with wx.setStorageSync. */
  readonly storage = new Map<string, unknown>()
  /** The listener the app registered with wx.onNeedPrivacyAuthorization, if any. */
  privacyListener: PrivacyListener | undefined

  private simulate!: Simulate
  private wx!: Dict
  private app: Dict | undefined
  private readonly stack: Dict[] = []
  private loadingRoute: string | undefined
  private nextQuery: Record<string, string> = {}
  private readonly moduleCache = new Map<string, { exports: unknown }>()
  private readonly pageIds = new Map<string, string>()

  constructor(readonly distDir: string) {
    this.appJson = JSON.parse(fs.readFileSync(path.join(distDir, 'app.json'), 'utf8')) as AppJson
  }

  /** Every page route of app.json: main package first, then each subpackage's pages under its root. */
  routes(): string[] {
    const subs = this.appJson.subPackages ?? this.appJson.subpackages ?? []
    return [...this.appJson.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))]
  }

  tabRoutes(): string[] {
    return (this.appJson.tabBar?.list ?? []).map((t) => t.pagePath)
  }

  pageJson(route: string): Dict {
    return JSON.parse(fs.readFileSync(path.join(this.distDir, `${route}.json`), 'utf8')) as Dict
  }

  /** Installs the globals, evaluates app.js and launches the app on `launchRoute`. */
  boot(launchRoute = this.appJson.pages[0]): void {
    // Must come first: defines Component, Behavior, the wx stub and the built-in wx-* elements.
    this.simulate = require('miniprogram-simulate') as Simulate
    const utils = require('miniprogram-simulate/src/utils') as { runJs: (file: string) => void }
    utils.runJs = (file) => {
      this.runFile(file, true)
    }

    const g = globalThis as unknown as Dict
    this.wx = g.wx as Dict
    this.installConsoleRecorder()
    installWxStubs(this.wx, this)

    g.App = (config: Dict) => {
      this.app = config
    }
    g.getApp = () => this.app
    g.getCurrentPages = () => [...this.stack]
    g.Page = (config: Dict) => this.definePage(config)

    this.runFile(path.join(this.distDir, 'app.js'), false)
    if (!this.app) throw new Error('dist/weapp/app.js did not call App()')
    const launch = { path: launchRoute, query: {}, scene: 1001 }
    this.callHook(this.app, 'onLaunch', launch)
    this.callHook(this.app, 'onShow', launch)
  }

  /** Loads, renders and attaches the page at `route` (as in app.json), as if opened with `query`. */
  open(route: string, query: Record<string, string> = {}): SimRoot {
    if (!this.routes().includes(route)) throw new Error(`${route} is not a page in app.json`)
    // A page file runs once per process: its webpack chunk registers itself on the first run only, so
    // later opens render new instances of the component registered then (as WeChat reuses Page()).
    let id = this.pageIds.get(route)
    if (!id) {
      this.loadingRoute = route
      try {
        id = this.simulate.load(path.join(this.distDir, route), {
          compiler: 'official',
          rootPath: this.distDir,
          compilerOptions: { maxBuffer: 64 * 1024 * 1024 },
        })
      } finally {
        this.loadingRoute = undefined
      }
      this.pageIds.set(route, id)
    }
    this.nextQuery = query
    const comp = this.simulate.render(id)
    const parent = document.createElement('div')
    document.body.appendChild(parent)
    comp.attach(parent)
    this.openPages.push(comp)
    return comp
  }

  /** Detaches a page (WeChat's onUnload). */
  close(comp: SimRoot): void {
    const i = this.openPages.indexOf(comp)
    if (i >= 0) this.openPages.splice(i, 1)
    comp.detach()
  }

  /**
   * After each test: closes every page still open, newest first (WeChat's onUnload), and returns what went wrong
   * meanwhile (the errors, emptied); a healthy test leaves [].
   */
  closeAll(): string[] {
    while (this.openPages.length) this.close(this.openPages[this.openPages.length - 1])
    return this.errors.splice(0)
  }

  /** Polls `check` (every 10 ms) until it returns a truthy value; throws `describe()` on timeout. */
  async waitFor<T>(check: () => T | undefined | null | false, describe: () => string, timeoutMs = 3000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const value = check()
      if (value) return value
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  /** Waits until the page's rendered HTML contains every one of `texts`. */
  async waitForText(comp: SimNode, texts: string | string[], timeoutMs = 3000): Promise<string> {
    const wanted = Array.isArray(texts) ? texts : [texts]
    return this.waitFor(
      () => {
        const html = comp.dom?.innerHTML ?? ''
        return wanted.every((t) => html.includes(t)) ? html : undefined
      },
      () => {
        const html = comp.dom?.innerHTML ?? ''
        const missing = wanted.filter((t) => !html.includes(t))
        return `missing ${JSON.stringify(missing)} in ${textOf(html).slice(0, 400)}`
      },
      timeoutMs,
    )
  }

  // --- internals ----------------------------------------------------------------------------------

  /** Evaluates a dist file as CommonJS in this (jest sandbox) realm; `fresh` runs it even if run before. */
  private runFile(file: string, fresh: boolean): unknown {
    const abs = path.resolve(file.endsWith('.js') ? file : `${file}.js`)
    const cached = this.moduleCache.get(abs)
    if (cached && !fresh) return cached.exports
    const module = { exports: {} as unknown }
    this.moduleCache.set(abs, module)
    const dir = path.dirname(abs)
    const localRequire = (spec: string): unknown => {
      if (!spec.startsWith('.') && !spec.startsWith('/')) {
        throw new Error(`${path.relative(this.distDir, abs)} requires "${spec}", which a mini-program cannot resolve`)
      }
      const target = path.resolve(dir, spec)
      if (!target.startsWith(this.distDir + path.sep)) throw new Error(`${spec} resolves outside dist: ${target}`)
      return this.runFile(target, false)
    }
    const code = fs.readFileSync(abs, 'utf8')
    // The Function constructor of this realm, so the code sees the sandbox's globals (wx, Page, …).
    const factory = new Function('require', 'module', 'exports', '__filename', '__dirname', `${code}\n//# sourceURL=${abs}`)
    const previousRoute = this.loadingRoute
    const rel = path.relative(this.distDir, abs).replace(/\\/g, '/').replace(/\.js$/, '')
    if (this.routes().includes(rel)) this.loadingRoute = rel
    try {
      factory.call(module.exports, localRequire, module, module.exports, abs, dir)
    } finally {
      this.loadingRoute = previousRoute
    }
    return module.exports
  }

  /** WeChat's Page(config) as a j-component Component: lifecycles become lifetimes. */
  private definePage(config: Dict): void {
    const route = this.loadingRoute
    if (!route) throw new Error('Page() called outside a page file')
    const methods: Record<string, Fn> = {}
    const fields: Dict = {}
    for (const [key, value] of Object.entries(config)) {
      if (key === 'data') continue
      if (typeof value === 'function') methods[key] = value as Fn
      else fields[key] = value
    }
    const onAttached = (page: Dict) => {
      Object.assign(page, fields)
      const query = this.nextQuery
      this.nextQuery = {}
      page.route = route
      page.__route__ = route
      page.options = query
      this.recordSetData(page, route)
      this.stack.push(page)
      this.callHook(page, 'onLoad', query)
      this.callHook(page, 'onShow')
    }
    const onReady = (page: Dict) => this.callHook(page, 'onReady')
    const onDetached = (page: Dict) => {
      this.callHook(page, 'onHide')
      this.callHook(page, 'onUnload')
      const i = this.stack.indexOf(page)
      if (i >= 0) this.stack.splice(i, 1)
    }
    const Component = (globalThis as unknown as { Component: (o: Dict) => void }).Component
    Component({
      data: config.data ?? {},
      methods,
      lifetimes: {
        attached(this: Dict) {
          onAttached(this)
        },
        ready(this: Dict) {
          onReady(this)
        },
        detached(this: Dict) {
          onDetached(this)
        },
      },
    })
  }

  private recordSetData(page: Dict, route: string): void {
    const original = page.setData as (data: Dict, cb?: () => void) => void
    page.setData = (data: Dict, cb?: () => void) => {
      this.setDataLog.push({ route, bytes: Buffer.byteLength(JSON.stringify(data)), keys: Object.keys(data).length })
      return original.call(page, data, cb)
    }
  }

  private callHook(target: Dict, name: string, ...args: unknown[]): void {
    const fn = target[name]
    if (typeof fn !== 'function') return
    try {
      ;(fn as Fn).apply(target, args)
    } catch (err) {
      this.errors.push(`${name} threw: ${err instanceof Error ? err.stack : String(err)}`)
      throw err
    }
  }

  private installConsoleRecorder(): void {
    const original = console.error.bind(console)
    console.error = (...args: unknown[]) => {
      this.errors.push(args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' '))
      original(...args)
    }
  }
}

/** The visible text of rendered HTML: tags dropped, whitespace collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The element matching `selector` on a rendered page; throws with the page's text when there is none. */
export function find(comp: SimNode, selector: string): SimNode {
  const node = comp.querySelector(selector)
  if (!node) throw new Error(`no ${selector} on the page: ${textOf(comp.dom?.innerHTML ?? '').slice(0, 300)}`)
  return node
}
