// 一码通城 endpoints: the live code, the offline batch, printed elder codes, family delegation, the usage log, and
// the staff check of a scanned code (staff token passed explicitly).
import type {
  CodeBatch,
  CodeUseList,
  CurrentCode,
  DelegationList,
  IssuePrintedBody,
  PrintedCode,
  PrintedCodeList,
  VerifyResponse,
} from '@contract/citycode'
import type { CityScene } from '@domain/citycode-scenes'
import type { AnswerShape, ApiClient } from './client'

const enc = encodeURIComponent

// The fields the app reads of each answer (checked by the client; see AnswerShape).
const PRINTED: AnswerShape = { id: 'string', scene: 'string', holder: 'string', code: 'string', issuedAt: 'string', expiresAt: 'string', status: 'string' }
const LIST: AnswerShape = { items: 'list' }
const DELEGATIONS: AnswerShape = { agents: 'list', principals: 'list' }

export function currentCode(api: ApiClient, scene: CityScene): Promise<CurrentCode> {
  return api.request('GET', '/citycode/code', { query: { scene }, expect: { code: 'string', scene: 'string', validUntil: 'string', refreshSeconds: 'number', serverTime: 'string' } })
}

export function codeBatch(api: ApiClient): Promise<CodeBatch> {
  return api.request('GET', '/citycode/batch', { expect: { codes: 'list', offlineUntil: 'string', serverTime: 'string' } })
}

export function printedCodes(api: ApiClient): Promise<PrintedCodeList> {
  return api.request('GET', '/citycode/printed', { expect: LIST })
}

export function printedCode(api: ApiClient, id: string): Promise<PrintedCode> {
  return api.request('GET', `/citycode/printed/${enc(id)}`, { expect: PRINTED })
}

export function issuePrinted(api: ApiClient, body: IssuePrintedBody): Promise<PrintedCode> {
  return api.request('POST', '/citycode/printed', { body, expect: PRINTED })
}

export function revokePrinted(api: ApiClient, id: string): Promise<PrintedCode> {
  return api.request('POST', `/citycode/printed/${enc(id)}/revoke`, { body: {}, expect: PRINTED })
}

export function delegations(api: ApiClient): Promise<DelegationList> {
  return api.request('GET', '/citycode/delegations', { expect: DELEGATIONS })
}

export function addAgent(api: ApiClient, phone: string): Promise<DelegationList> {
  return api.request('POST', '/citycode/delegations', { body: { phone }, expect: DELEGATIONS })
}

export function removeDelegation(api: ApiClient, userId: string): Promise<DelegationList> {
  return api.request('DELETE', `/citycode/delegations/${enc(userId)}`, { expect: DELEGATIONS })
}

export function codeUses(api: ApiClient): Promise<CodeUseList> {
  return api.request('GET', '/citycode/usage', { expect: LIST })
}

/** Hall staff: verifies a scanned city code in the 办事大厅签到 scene. */
export function staffVerify(api: ApiClient, token: string | null, code: string): Promise<VerifyResponse> {
  return api.request('POST', '/citycode/staff/verify', { body: { code, scene: 'hall' }, token, expect: { ok: 'boolean', checkedAt: 'string' } })
}
