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
import type { ApiClient } from './client'

const enc = encodeURIComponent

export function currentCode(api: ApiClient, scene: CityScene): Promise<CurrentCode> {
  return api.request('GET', '/citycode/code', { query: { scene } })
}

export function codeBatch(api: ApiClient): Promise<CodeBatch> {
  return api.request('GET', '/citycode/batch')
}

export function printedCodes(api: ApiClient): Promise<PrintedCodeList> {
  return api.request('GET', '/citycode/printed')
}

export function printedCode(api: ApiClient, id: string): Promise<PrintedCode> {
  return api.request('GET', `/citycode/printed/${enc(id)}`)
}

export function issuePrinted(api: ApiClient, body: IssuePrintedBody): Promise<PrintedCode> {
  return api.request('POST', '/citycode/printed', { body })
}

export function revokePrinted(api: ApiClient, id: string): Promise<PrintedCode> {
  return api.request('POST', `/citycode/printed/${enc(id)}/revoke`, { body: {} })
}

export function delegations(api: ApiClient): Promise<DelegationList> {
  return api.request('GET', '/citycode/delegations')
}

export function addAgent(api: ApiClient, phone: string): Promise<DelegationList> {
  return api.request('POST', '/citycode/delegations', { body: { phone } })
}

export function removeDelegation(api: ApiClient, userId: string): Promise<DelegationList> {
  return api.request('DELETE', `/citycode/delegations/${enc(userId)}`)
}

export function codeUses(api: ApiClient): Promise<CodeUseList> {
  return api.request('GET', '/citycode/usage')
}

/** Hall staff: verifies a scanned city code in the 办事大厅签到 scene. */
export function staffVerify(api: ApiClient, token: string | null, code: string): Promise<VerifyResponse> {
  return api.request('POST', '/citycode/staff/verify', { body: { code, scene: 'hall' }, token })
}
