// A Transport over Node's fetch with Taro.request's contract (resolves on any HTTP status, rejects with
// an errMsg on network failure or timeout), so tests drive the real ApiClient against a real server.
import type { Transport } from '@/api/client'

export const httpTransport: Transport = async (req) => {
  let res: Response
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: req.header,
      body: req.data === undefined ? undefined : JSON.stringify(req.data),
      signal: AbortSignal.timeout(req.timeout),
    })
  } catch (err) {
    const name = (err as Error).name
    throw { errMsg: name === 'TimeoutError' || name === 'AbortError' ? 'request:fail timeout' : `request:fail ${(err as Error).message}` }
  }
  const text = await res.text()
  let data: unknown = text
  try {
    data = text ? JSON.parse(text) : ''
  } catch {
    // Not JSON: handed on as text, as Taro.request does.
  }
  const header: Record<string, string> = {}
  res.headers.forEach((v, k) => (header[k] = v))
  return { statusCode: res.status, data, header }
}
