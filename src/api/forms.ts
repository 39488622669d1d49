// Application form endpoints (在线办): the form of one item or of a 一件事 bundle; public and cacheable.
import type { ServiceForm } from '@contract/forms'
import type { AnswerShape, ApiClient } from './client'

const enc = encodeURIComponent
const FORM: AnswerShape = { serviceCode: 'string', version: 'string', fields: 'list', materials: 'list' }

/** The item's application form; 404 FORM_NOT_FOUND when it cannot be applied for online. */
export function serviceForm(api: ApiClient, code: string): Promise<ServiceForm> {
  return api.request('GET', `/services/${enc(code)}/form`, { expect: FORM })
}

/** One form for a 一件事 bundle (its items' questions and materials, each asked once). */
export function bundleForm(api: ApiClient, code: string): Promise<ServiceForm> {
  return api.request('GET', `/bundles/${enc(code)}/form`, { expect: FORM })
}
