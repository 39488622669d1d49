// The requests module's one object for its routes and the demo data: the resident's side (resident.ts) and the staff
// workbench (workbench.ts) over one context. Filing for other modules (Open311) is fileRequest (filing.ts).
import type { RequestsContext } from './context'
import { createResidentRequests } from './resident'
import { createWorkbench } from './workbench'

export type { RequestsContext } from './context'
export { fileRequest, type FilingActor } from './filing'

export function createRequestsService(ctx: RequestsContext) {
  return { ...createResidentRequests(ctx), ...createWorkbench(ctx) }
}

export type RequestsService = ReturnType<typeof createRequestsService>
