// Small node:http plumbing shared by the fake upstream services: listen on loopback, read bodies, answer JSON.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Listening {
  /** http://127.0.0.1:<port> */
  url: string
  close(): Promise<void>
}

export type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void | Promise<void>

/** A real HTTP server on 127.0.0.1 and an ephemeral port. */
export async function listen(handler: Handler): Promise<Listening> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      Promise.resolve(handler(req, Buffer.concat(chunks).toString('utf8'), res)).catch((err: unknown) => {
        if (!headersSentGuard(res)) return
        res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(String(err))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function headersSentGuard(res: http.ServerResponse): boolean {
  return !res.headersSent
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, contentType = 'application/json; charset=utf-8'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
