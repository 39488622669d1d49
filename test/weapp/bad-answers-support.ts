// The weapp bad-answer sweep's parts (bad-answers.test.ts): the kinds of bad answer, the query each page is
// opened with, what a page does after it opens (a form to submit), and waiting for a page to settle.
import { find, textOf } from './simulator'
import type { FakeResponse, RequestHandler, SimRoot, WeappSimulator } from './simulator'

/** A kind of bad answer the request layer can hand the app, answered to every request. */
export interface BadAnswer {
  name: string
  answer: () => FakeResponse
  /** GETs answered this way are retried by the client (300 ms, 1000 ms) before the page hears of it. */
  retried?: boolean
}

const HTML = '<html><body><h1>502 Bad Gateway</h1></body></html>'
const HTML_HEADER = { 'Content-Type': 'text/html' }

export const BAD_ANSWERS: BadAnswer[] = [
  // The request layer succeeds but hands over nothing: no body at all.
  { name: 'nothing (200, no data)', answer: () => ({ statusCode: 200, data: undefined, header: {} }) },
  { name: 'nothing (204)', answer: () => ({ statusCode: 204, data: undefined, header: {} }) },
  { name: 'HTML with 200', answer: () => ({ statusCode: 200, data: HTML, header: HTML_HEADER }) },
  { name: 'HTML with 502', answer: () => ({ statusCode: 502, data: HTML, header: HTML_HEADER }), retried: true },
  { name: '{} with 200', answer: () => ({ statusCode: 200, data: {} }) },
  { name: '500 INTERNAL', answer: () => ({ statusCode: 500, data: { code: 'INTERNAL', message: '服务暂时不可用' } }) },
]

/** Pages that ask the API nothing when opened, and what they show instead (their own content). */
export const STATIC_PAGES: Record<string, string> = {
  'packages/account/pages/login/index': '微信一键登录',
  'packages/account/pages/privacy/index': '一站办个人信息保护政策',
  'packages/staff/pages/scan/index': '扫码核验',
  // Shows a similar request the 12345 form found; opened on its own there is none to show.
  'packages/request/pages/public/index': '暂时无法查看这件诉求',
  // The demo staff session is not an admin's: the page says who may publish and asks nothing.
  'packages/staff/pages/announcements/index': '通知公告仅限管理员发布',
  // Reached from an unknown route: it has no data of its own, only ways home.
  'packages/shell/pages/not-found/index': '页面不存在',
}

/** Pages that show a failure without a 重试 control, and why that is right. */
export const NO_RETRY: Record<string, string> = {
  'packages/staff/pages/login/index': 'the sign-in failed: its own 登录 button tries again',
  'packages/guide/pages/mine/index': 'the lists are the device\'s own copy; syncing is retried when online',
}

/** Plausible query parameters for pages that show one record or need a choice made on an earlier page. */
export const PAGE_QUERY: Record<string, Record<string, string>> = {
  'packages/guide/pages/detail/index': { code: 'gz-police-hukou-move' },
  'packages/guide/pages/bundle/index': { code: 'newborn' },
  'packages/guide/pages/mine/index': { tab: 'favourites' },
  'packages/forms/pages/preview/index': { code: 'gz-hrss-ss-card-apply' },
  'packages/appointment/pages/index/index': { tab: 'mine' },
  'packages/appointment/pages/slots/index': { service: 'gz-police-hukou-move', hall: 'hall-tianhe' },
  'packages/appointment/pages/confirm/index': {
    service: 'gz-police-hukou-move',
    hall: 'hall-tianhe',
    slot: '101',
    start: '2026-07-01T01:00:00.000Z',
    end: '2026-07-01T01:30:00.000Z',
  },
  'packages/appointment/pages/detail/index': { id: '00000000-0000-4000-8000-000000000001' },
  'packages/request/pages/index/index': { tab: 'mine' },
  'packages/request/pages/detail/index': { id: '00000000-0000-4000-8000-000000000002' },
  'packages/request/pages/public/index': { id: '00000000-0000-4000-8000-000000000003' },
  'packages/citycode/pages/print/index': { id: '00000000-0000-4000-8000-000000000004' },
  'packages/staff/pages/request/index': { id: '00000000-0000-4000-8000-000000000005' },
  'packages/staff/pages/hall/index': { hall: 'hall-tianhe' },
  'packages/staff/pages/entity/index': { id: '1' },
  'packages/staff/pages/application/index': { id: '00000000-0000-4000-8000-000000000006' },
  'packages/rating/pages/rate/index': { id: '00000000-0000-4000-8000-000000000007' },
  'packages/rating/pages/rate-application/index': { id: '00000000-0000-4000-8000-000000000010' },
  'packages/apply/pages/form/index': { code: 'gz-hrss-ss-card-apply' },
  'packages/apply/pages/detail/index': { id: '00000000-0000-4000-8000-000000000008' },
  'packages/notice/pages/detail/index': { id: '00000000-0000-4000-8000-000000000009' },
}

/** What a person does on a page that calls the API only when asked (a sign-in form). */
export const PAGE_ACTION: Record<string, (sim: WeappSimulator, page: SimRoot) => Promise<void>> = {
  'packages/staff/pages/login/index': async (sim, page) => {
    await sim.waitFor(() => page.querySelector('#staff-login-submit'), () => `no sign-in form: ${pageText(page).slice(0, 200)}`)
    find(page, '#staff-username').dispatchEvent('input', { detail: { value: 'gzga01' } })
    find(page, '#staff-password').dispatchEvent('input', { detail: { value: 'a-password' } })
    find(page, '#staff-login-submit').dispatchEvent('tap')
  },
}

/** Counts requests the fake server has not answered yet, and when the last one was answered. */
export class Traffic {
  pending = 0
  lastActivity = Date.now()

  handler(answer: () => FakeResponse): RequestHandler {
    return async () => {
      this.pending++
      this.lastActivity = Date.now()
      await new Promise((resolve) => setTimeout(resolve, 1))
      this.pending--
      this.lastActivity = Date.now()
      return answer()
    }
  }
}

const LOADING = /正在加载|加载中|正在登录|正在生成|正在读取/
/**
 * Wording of an error or an empty state on a page. "网络连接不可用" is deliberately not in it: every answer here came
 * from a server, and blaming the resident's network for it would send them checking the wrong thing.
 */
export const MESSAGE = /无法识别|暂时不可用|加载失败|未能|失败|稍后重试|暂无|找不到|未找到|不存在|暂时无法|请先登录|未登录|建设中/

/** The retry controls: PageState's, and 我的's on its account card. */
export const RETRY_SELECTORS = ['.os-page-state__retry', '#me-retry']

export const pageText = (page: SimRoot): string => textOf(page.dom?.innerHTML ?? '')
export const isLoading = (text: string): boolean => LOADING.test(text)

/**
 * Waits until the pages are done with the API: nothing in flight and every page `done`, or, failing that, quiet
 * for long enough to cover the client's retry delays (300 ms, 1000 ms) when the answer is one it retries.
 */
export async function settle(sim: WeappSimulator, traffic: Traffic, done: () => boolean, retried: boolean): Promise<void> {
  const started = Date.now()
  await sim.waitFor(
    () => {
      if (traffic.pending > 0) return false
      const quiet = Date.now() - Math.max(traffic.lastActivity, started)
      if (quiet < 60) return false
      return done() || quiet >= (retried ? 1200 : 400)
    },
    () => 'the fake server never went quiet',
    10_000,
  )
}
