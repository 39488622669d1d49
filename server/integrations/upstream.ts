// Outbound HTTP to WeChat, Alipay and the SMS gateway: Node's fetch with a timeout, failures as 503 UPSTREAM_BUSY.
import { AppError } from '../errors'

export const UPSTREAM_TIMEOUT_MS = 5000

/** 503 with a Retry-After hint: the upstream is down, slow or answered nonsense. */
export function upstreamBusy(service: string, retryAfterSeconds = 5): AppError {
  return new AppError(503, 'UPSTREAM_BUSY', `${service}暂时繁忙，请 ${retryAfterSeconds} 秒后重试`, {
    headers: { 'retry-after': String(retryAfterSeconds) },
  })
}

/** fetch that never hangs: network errors and timeouts become UPSTREAM_BUSY. The body is returned as text. */
export async function fetchText(service: string, url: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS) })
    return { status: res.status, text: await res.text() }
  } catch (err) {
    throw Object.assign(upstreamBusy(service), { cause: err })
  }
}
