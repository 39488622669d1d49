// 在线办 endpoints: the resident's applications (submit, drafts, 我的办件, 补正, 一件事) and the department's 办件
// queue and actions (staff token passed explicitly, like the 12345 workbench).
import type {
  ApplicationDetail,
  ApplicationList,
  BundleDetail,
  CorrectBody,
  Draft,
  DraftBody,
  StaffApplicationActionBody,
  StaffApplicationDetail,
  StaffApplicationPage,
  StaffApplicationQuery,
  SubmitApplicationBody,
  SubmitBundleBody,
  SubmittedApplication,
  SubmittedBundle,
} from '@contract/applications'
import type { AnswerShape, ApiClient } from './client'

const enc = encodeURIComponent

// The fields the app reads of each answer (checked by the client; see AnswerShape).
const PAGE: AnswerShape = { items: 'list', total: 'number', page: 'number', pageSize: 'number' }
const DETAIL = { id: 'string', number: 'string', status: 'string', statusLabel: 'string', nextStep: 'string', materials: 'list', timeline: 'list' } as const satisfies AnswerShape
const DRAFT: AnswerShape = { serviceCode: 'string', fields: 'object', materials: 'array', updatedAt: 'string' }

/** The draft key of a 一件事 form (drafts of items use the item's code). */
export const bundleDraftCode = (bundleCode: string): string => `bundle:${bundleCode}`

export function submitApplication(api: ApiClient, body: SubmitApplicationBody, idempotencyKey: string): Promise<SubmittedApplication> {
  return api.request('POST', '/applications', { body, headers: { 'Idempotency-Key': idempotencyKey }, expect: { id: 'string', number: 'string', status: 'string' } })
}

export function submitBundle(api: ApiClient, body: SubmitBundleBody, idempotencyKey: string): Promise<SubmittedBundle> {
  return api.request('POST', '/bundle-applications', { body, headers: { 'Idempotency-Key': idempotencyKey }, expect: { id: 'string', number: 'string', applications: 'list' } })
}

export function myApplications(api: ApiClient, page = 1, pageSize = 20): Promise<ApplicationList> {
  return api.request('GET', '/applications', { query: { page, pageSize }, expect: PAGE })
}

export function myApplication(api: ApiClient, id: string): Promise<ApplicationDetail> {
  return api.request('GET', `/applications/${enc(id)}`, { expect: DETAIL })
}

export function correctApplication(api: ApiClient, id: string, body: CorrectBody): Promise<ApplicationDetail> {
  return api.request('POST', `/applications/${enc(id)}/correct`, { body, expect: DETAIL })
}

export function bundleApplication(api: ApiClient, id: string): Promise<BundleDetail> {
  return api.request('GET', `/bundle-applications/${enc(id)}`, { expect: { id: 'string', number: 'string', progress: 'string', applications: 'list' } })
}

/** The server-kept draft of one form (an item's code or bundleDraftCode); 404 NOT_FOUND when none. */
export function draft(api: ApiClient, formCode: string): Promise<Draft> {
  return api.request('GET', `/applications/drafts/${enc(formCode)}`, { expect: DRAFT })
}

export function saveDraft(api: ApiClient, formCode: string, body: DraftBody): Promise<Draft> {
  return api.request('PUT', `/applications/drafts/${enc(formCode)}`, { body, expect: DRAFT })
}

export function deleteDraft(api: ApiClient, formCode: string): Promise<void> {
  return api.request('DELETE', `/applications/drafts/${enc(formCode)}`, { expect: 'nothing' })
}

// --- staff ---------------------------------------------------------------------------------------------

export function staffApplications(api: ApiClient, token: string, query: StaffApplicationQuery): Promise<StaffApplicationPage> {
  return api.request('GET', '/staff/applications', { token, query: { ...query }, expect: PAGE })
}

export function staffApplication(api: ApiClient, token: string, id: string): Promise<StaffApplicationDetail> {
  return api.request('GET', `/staff/applications/${enc(id)}`, { token, expect: { ...DETAIL, applicant: 'object' } })
}

export function staffApplicationAction(api: ApiClient, token: string, id: string, body: StaffApplicationActionBody): Promise<StaffApplicationDetail> {
  return api.request('POST', `/staff/applications/${enc(id)}/actions`, { token, body, expect: { ...DETAIL, applicant: 'object' } })
}

/** Where a material's file is read by staff (opening it is audited on the server). */
export function staffMaterialPath(id: string, uploadId: string): string {
  return `/staff/applications/${enc(id)}/materials/${enc(uploadId)}`
}
