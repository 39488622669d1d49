// 好差评 of a 办件 (types/ratings.ts): whether the resident may rate it, the rating and its 整改, and 一事一评 with the
// national online indicators. The verdict on a 整改 is the shared one in ./ratings.
import type { ApplicationRating, OnlineRateBody } from '@contract/ratings'
import type { AnswerShape, ApiClient } from './client'

const enc = encodeURIComponent
// The fields the app reads of the answer (checked by the client; see AnswerShape).
const RATING: AnswerShape = { applicationId: 'string', rateable: 'boolean' }

export function applicationRating(api: ApiClient, id: string): Promise<ApplicationRating> {
  return api.request('GET', `/applications/${enc(id)}/rating`, { expect: RATING })
}

export function rateApplication(api: ApiClient, id: string, body: OnlineRateBody): Promise<ApplicationRating> {
  return api.request('POST', `/applications/${enc(id)}/rate`, { body, expect: RATING })
}
