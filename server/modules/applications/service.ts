// The applications module's one object for its routes: submitting (submit.ts), the resident's side (resident.ts) and
// the department's workbench (workbench.ts) over one context.
import type { SubmitApplicationBody, SubmitBundleBody } from '@contract/applications'
import type { ApplicationsContext } from './context'
import { createResidentApplications } from './resident'
import { submitApplication, submitBundle } from './submit'
import { createWorkbench } from './workbench'

export type { ApplicationsContext, FormSource } from './context'

export function createApplicationsService(ctx: ApplicationsContext) {
  return {
    submit: (userId: string, body: SubmitApplicationBody, key: string) => submitApplication(ctx, userId, body, key),
    submitBundle: (userId: string, body: SubmitBundleBody, key: string) => submitBundle(ctx, userId, body, key),
    ...createResidentApplications(ctx),
    ...createWorkbench(ctx),
  }
}

export type ApplicationsService = ReturnType<typeof createApplicationsService>
