// A fake 12345 API on a real local HTTP server for the request stores' tests (draft, 我的诉求, workbench): it records
// every request (`fake.hits`) and answers as each test says (`fake.route`); a RootStore with the real ApiClient and
// a multipart upload over real HTTP talks to it. Registers its own beforeAll/afterAll/beforeEach in the test file.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FiledRequest } from '@contract/request'
import type { UploadTransport } from '@/api/uploads'
import { RootStore } from '@/stores/root'
import { memoryStorage, type KeyValueStorage } from '@/stores/session'
import { useFakeApi } from '../support/fake-api'
import { httpTransport } from '../support/http-transport'

/** The fake API's state: every request it received, and how it answers (each test sets `route`). */
export const fake = useFakeApi()
export type { Hit, Reply } from '../support/fake-api'

/** Taro.uploadFile's contract over real HTTP: multipart with one "file" field read from disk. */
export const httpUpload: UploadTransport = async (req) => {
  const form = new FormData()
  form.append('file', new Blob([fs.readFileSync(req.filePath)], { type: 'image/jpeg' }), path.basename(req.filePath))
  let res: Response
  try {
    res = await fetch(req.url, { method: 'POST', headers: req.header, body: form })
  } catch (err) {
    throw { errMsg: `uploadFile:fail ${(err as Error).message}` }
  }
  return { statusCode: res.status, data: await res.text() }
}

export const photoFile = path.join(os.tmpdir(), `onestop-photo-${process.pid}.jpg`)
fs.writeFileSync(photoFile, Buffer.from('ffd8ffe000104a46494600', 'hex'))

export function newRoot(storage: KeyValueStorage = memoryStorage(), token: string | null = 'tok-1') {
  if (token) storage.set('onestop.session', token)
  const root = new RootStore({
    baseUrl: fake.baseUrl,
    transport: httpTransport,
    storage,
    upload: httpUpload,
    requests: { similarDebounceMs: 30, submitRetryDelaysMs: [5, 5] },
  })
  ;(root.api as unknown as { opts: { retryDelaysMs: number[] } }).opts.retryDelaysMs = [1, 1]
  return root
}


export const CONTENT = '天河路 100 号门口每天晚上有人乱停车，堵住了消防通道，希望尽快处理。'
export const FILED: FiledRequest = { id: '2b0f4c1e-0000-4000-8000-000000000001', number: 'GZ2026112400001', status: 'submitted', deadline: '2026-12-15T15:59:59.999Z' }
export const UPLOAD = (n: number) => ({
  id: `7c1e2d3f-0000-4000-8000-00000000000${n}`,
  url: `/api/uploads/7c1e2d3f-0000-4000-8000-00000000000${n}?exp=1&sig=x`,
  contentType: 'image/jpeg',
  width: 10,
  height: 10,
  bytes: 100,
})
