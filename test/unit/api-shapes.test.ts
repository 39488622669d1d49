// Every endpoint function in src/api names the shape of its answer (AnswerShape), so the client turns a wrong-shaped
// 2xx into BAD_RESPONSE before a store reads it: `{}` where a record or list is expected, and an answer with no body,
// must reject; the calls whose answer is not read take 204 or `{}`.
import { ApiClient, type TransportResponse } from '@/api/client'
import { ApiError } from '@/api/errors'
import fs from 'node:fs'
import path from 'node:path'
import * as announcements from '@/api/announcements'
import * as applications from '@/api/applications'
import * as applicationRatings from '@/api/application-ratings'
import * as appointments from '@/api/appointments'
import * as catalog from '@/api/catalog'
import * as citycode from '@/api/citycode'
import * as dashboard from '@/api/dashboard'
import * as departments from '@/api/departments'
import * as forms from '@/api/forms'
import * as home from '@/api/home'
import * as identity from '@/api/identity'
import * as licences from '@/api/licences'
import * as notices from '@/api/notices'
import * as ratings from '@/api/ratings'
import * as requests from '@/api/requests'
import * as saved from '@/api/saved'
import * as staff from '@/api/staff'
import * as workbench from '@/api/workbench'

type Endpoint = (api: ApiClient, ...args: string[]) => Promise<unknown>
const MODULES = {
  announcements,
  applications,
  'application-ratings': applicationRatings,
  appointments,
  catalog,
  citycode,
  dashboard,
  departments,
  forms,
  home,
  identity,
  licences,
  notices,
  ratings,
  requests,
  saved,
  staff,
  workbench,
}
/** src/api files that are not endpoint modules: the transport, its errors, the Taro transport, multipart uploads. */
const NOT_ENDPOINT_MODULES = ['client', 'errors', 'taro', 'uploads']

/** Calls whose answer the app does not read (204 on the server), and answers whose every field may be null. */
const ANSWER_NOT_READ = ['identity.logout', 'identity.deleteMe', 'saved.addFavourite', 'saved.removeFavourite', 'saved.addRecent', 'saved.clearRecent', 'staff.staffLogout', 'applications.deleteDraft']
/** Exported helpers that build a path or a code and call nothing. */
const NOT_ENDPOINTS = ['applications.bundleDraftCode', 'applications.staffMaterialPath']
const ANY_OBJECT = ['workbench.revealContact']

const endpoints: [string, Endpoint][] = Object.entries(MODULES).flatMap(([m, mod]) =>
  Object.entries(mod as Record<string, unknown>)
    .filter((e): e is [string, Endpoint] => typeof e[1] === 'function')
    .map(([name, fn]): [string, Endpoint] => [`${m}.${name}`, fn])
    .filter(([name]) => !NOT_ENDPOINTS.includes(name)),
)

function clientAnswering(res: TransportResponse): ApiClient {
  return new ApiClient({ baseUrl: 'http://api.test/api', transport: async () => res, retryDelaysMs: [] })
}

async function outcome(name: string, fn: Endpoint, res: TransportResponse): Promise<string> {
  try {
    await fn(clientAnswering(res), 'a', 'b', 'c')
    return 'resolved'
  } catch (err) {
    if (!(err instanceof ApiError)) return `threw ${String(err)} (${name})`
    return err.code
  }
}

test('there are endpoints to check', () => {
  expect(endpoints.length).toBeGreaterThan(50)
})

test.each(endpoints)('%s: `{}` and an answer without a body are BAD_RESPONSE unless the answer is not read', async (name, fn) => {
  const empty = await outcome(name, fn, { statusCode: 200, data: {} })
  const none = await outcome(name, fn, { statusCode: 204, data: '' })
  const html = await outcome(name, fn, { statusCode: 200, data: '<html>502 Bad Gateway</html>' })
  if (ANSWER_NOT_READ.includes(name)) {
    expect([empty, none, html]).toEqual(['resolved', 'resolved', 'BAD_RESPONSE'])
  } else if (ANY_OBJECT.includes(name)) {
    expect([empty, none, html]).toEqual(['resolved', 'BAD_RESPONSE', 'BAD_RESPONSE'])
  } else {
    expect([empty, none, html]).toEqual(['BAD_RESPONSE', 'BAD_RESPONSE', 'BAD_RESPONSE'])
  }
})

test('every endpoint module of src/api is in this check', () => {
  const files = fs
    .readdirSync(path.resolve(__dirname, '../../src/api'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .filter((f) => !NOT_ENDPOINT_MODULES.includes(f))
  expect(files.sort()).toEqual(Object.keys(MODULES).sort())
})
