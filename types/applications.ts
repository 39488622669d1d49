// API contract for online applications (在线办 办件): the resident submits a service's form with its materials, the
// department decides it in the staff workbench, the result comes back (e-licence: types/licences.ts).
//
// Resident (Authorization: Bearer <resident token>; L2 实名 for submitting, else 403 REALNAME_REQUIRED):
//   POST /api/applications                 body SubmitApplicationBody, header Idempotency-Key → 201 SubmittedApplication
//                                          (the same key again → 200 with the first answer; a field that fails the
//                                          form → 400 FieldInvalidBody {code: 'FIELD_INVALID', message, field, errors})
//   POST /api/bundle-applications          body SubmitBundleBody (same shape + bundleCode) → 201 SubmittedBundle
//                                          (one application per department under one bundle number)
//   GET  /api/applications?page=&pageSize= → ApplicationList (own, newest first; bundles with "3 / 5 已办结")
//   GET  /api/applications/:id             → ApplicationDetail (someone else's → 404 NOT_FOUND)
//   POST /api/applications/:id/correct     body CorrectBody → ApplicationDetail (补正: every flagged item at once)
//   PUT  /api/applications/drafts/:serviceCode   body DraftBody → Draft (server-kept half-filled answers)
//   GET  /api/applications/drafts/:serviceCode   → Draft (404 when none)
//   DELETE /api/applications/drafts/:serviceCode → 204
//   GET  /api/bundle-applications/:id      → BundleDetail
//
// Staff (Authorization: Bearer <staff token>; dept_staff see only their department's, dispatcher/admin all):
//   GET  /api/staff/applications?queue=&status=&page=&pageSize= → StaffApplicationPage (sorted by deadline)
//   GET  /api/staff/applications/:id       → StaffApplicationDetail (another department's → 404)
//   GET  /api/staff/applications/:id/materials/:uploadId → the file (audited)
//   POST /api/staff/applications/:id/actions body StaffApplicationActionBody → StaffApplicationDetail
//                                          (illegal in this state → 409 ILLEGAL_TRANSITION, nothing changed)
// States, actions and their Chinese labels: domain/application.ts.
import { Type, type Static } from '@sinclair/typebox'
import { MAX_PAGE, Page } from './common'

const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,79}$' })

export const ApplicationStatus = Type.Union([
  Type.Literal('submitted'), // 预审中
  Type.Literal('correction'), // 待补正 (补正告知)
  Type.Literal('accepted'), // 已受理，审查中
  Type.Literal('rejected'), // 不予受理 (final)
  Type.Literal('approved'), // 准予 / 已办结 (final)
  Type.Literal('denied'), // 不予许可 (final)
])
export type ApplicationStatus = Static<typeof ApplicationStatus>

export const StaffApplicationAction = Type.Union([
  Type.Literal('accept'),
  Type.Literal('request-correction'),
  Type.Literal('reject'),
  Type.Literal('approve'),
  Type.Literal('deny'),
])
export type StaffApplicationAction = Static<typeof StaffApplicationAction>

/** Every step on the timeline: the staff actions, the resident's submit and correct. */
export type ApplicationAction = StaffApplicationAction | 'submit' | 'correct'

/** One material as the resident provides it: upload ids (photos / PDFs), a held licence id, or neither = 窗口核验. */
export const MaterialInput = Type.Object(
  {
    materialId: Type.String({ maxLength: 80 }),
    uploadIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 20 })),
    /** A licence the resident holds (GET /api/me/licences), or 'realname' for 居民身份证 from 实名认证. */
    licenceId: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
)
export type MaterialInput = Static<typeof MaterialInput>

const Fields = Type.Record(Type.String({ maxLength: 80 }), Type.Unknown(), { description: '表单答案（key → 值）' })

export const SubmitApplicationBody = Type.Object(
  {
    serviceCode: Code,
    fields: Fields,
    materials: Type.Array(MaterialInput, { maxItems: 50 }),
  },
  { additionalProperties: false },
)
export type SubmitApplicationBody = Static<typeof SubmitApplicationBody>

export const SubmitBundleBody = Type.Object(
  {
    bundleCode: Code,
    fields: Fields,
    materials: Type.Array(MaterialInput, { maxItems: 100 }),
  },
  { additionalProperties: false },
)
export type SubmitBundleBody = Static<typeof SubmitBundleBody>

export const SubmittedApplication = Type.Object({ id: Type.String(), number: Type.String(), status: ApplicationStatus })
export type SubmittedApplication = Static<typeof SubmittedApplication>

export const SubmittedBundle = Type.Object({
  id: Type.String(),
  number: Type.String(),
  applications: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), status: ApplicationStatus, departmentCode: Type.String() })),
})
export type SubmittedBundle = Static<typeof SubmittedBundle>

/** 400 for answers that fail the form: the first field in `field`, every problem in `errors` (一次性告知). */
export const FieldInvalidBody = Type.Object({
  code: Type.Literal('FIELD_INVALID'),
  message: Type.String(),
  field: Type.String(),
  errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
})
export type FieldInvalidBody = Static<typeof FieldInvalidBody>

/** 补正: the materials to provide again and the fields to answer again, all at once. */
export const CorrectBody = Type.Object(
  {
    fields: Type.Optional(Fields),
    materials: Type.Optional(Type.Array(MaterialInput, { maxItems: 50 })),
  },
  { additionalProperties: false },
)
export type CorrectBody = Static<typeof CorrectBody>

/** How the result reaches the resident. */
export const ApplicationResult = Type.Object(
  {
    /** Issue an e-licence (电子证照); default true. */
    licence: Type.Optional(Type.Boolean()),
    /** Title on the licence (default: the service's name). */
    licenceTitle: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    /** pickup: collect at a hall with an appointment (the booking flow); postal: mailed to postalAddress. */
    delivery: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('pickup'), Type.Literal('postal')])),
    postalAddress: Type.Optional(Type.String({ minLength: 5, maxLength: 200 })),
  },
  { additionalProperties: false },
)
export type ApplicationResult = Static<typeof ApplicationResult>

export const StaffApplicationActionBody = Type.Object(
  {
    action: StaffApplicationAction,
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    /** 补正告知: the materials (ids of the form's materials) and fields (keys) to redo. */
    materialIds: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 50 })),
    fieldKeys: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 50 })),
    /** 不予受理 / 不予许可: the legal basis. */
    legalBasis: Type.Optional(Type.String({ maxLength: 300 })),
    result: Type.Optional(ApplicationResult),
  },
  { additionalProperties: false },
)
export type StaffApplicationActionBody = Static<typeof StaffApplicationActionBody>

export const TimelineStep = Type.Object({
  action: Type.String(),
  label: Type.String(),
  status: ApplicationStatus,
  note: Type.Union([Type.String(), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
  /** 补正告知: what was flagged. */
  materialIds: Type.Optional(Type.Array(Type.String())),
  fieldKeys: Type.Optional(Type.Array(Type.String())),
})
export type TimelineStep = Static<typeof TimelineStep>

export const ProvidedMaterial = Type.Object({
  materialId: Type.String(),
  name: Type.String(),
  provide: Type.Union([Type.Literal('upload'), Type.Literal('licence'), Type.Literal('counter')]),
  uploadIds: Type.Array(Type.String()),
  licenceId: Type.Union([Type.String(), Type.Null()]),
})
export type ProvidedMaterial = Static<typeof ProvidedMaterial>

export const ApplicationSummary = Type.Object({
  id: Type.String(),
  number: Type.String(),
  serviceCode: Type.String(),
  serviceName: Type.String(),
  status: ApplicationStatus,
  statusLabel: Type.String(),
  departmentCode: Type.String(),
  departmentName: Type.String(),
  submittedAt: Type.String({ format: 'date-time' }),
  /** The promised date (end of the last working day), null before 受理 and after the end. */
  promisedBy: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** 'due-soon' 临期 / 'overdue' 超期 / null. */
  mark: Type.Union([Type.Literal('due-soon'), Type.Literal('overdue'), Type.Null()]),
  bundleId: Type.Union([Type.String(), Type.Null()]),
  bundleNumber: Type.Union([Type.String(), Type.Null()]),
})
export type ApplicationSummary = Static<typeof ApplicationSummary>

export const ApplicationList = Page(ApplicationSummary)
export type ApplicationList = Static<typeof ApplicationList>

export const ApplicationDetail = Type.Composite([
  ApplicationSummary,
  Type.Object({
    /** What the resident does or waits for next, in Chinese. */
    nextStep: Type.String(),
    promisedDays: Type.Integer(),
    fields: Type.Record(Type.String(), Type.Unknown()),
    materials: Type.Array(ProvidedMaterial),
    /** Open 补正告知: everything to fix, at once. */
    correction: Type.Union([
      Type.Object({ note: Type.Union([Type.String(), Type.Null()]), materialIds: Type.Array(Type.String()), fieldKeys: Type.Array(Type.String()) }),
      Type.Null(),
    ]),
    result: Type.Union([
      Type.Object({
        licenceId: Type.Union([Type.String(), Type.Null()]),
        delivery: Type.Union([Type.Literal('none'), Type.Literal('pickup'), Type.Literal('postal')]),
        postalAddress: Type.Union([Type.String(), Type.Null()]),
      }),
      Type.Null(),
    ]),
    timeline: Type.Array(TimelineStep),
  }),
])
export type ApplicationDetail = Static<typeof ApplicationDetail>

export const StaffApplicationDetail = Type.Composite([
  ApplicationDetail,
  Type.Object({
    applicant: Type.Object({ name: Type.String(), idNumber: Type.String(), phone: Type.Union([Type.String(), Type.Null()]) }),
    /** The steps the clerk may take now (the workbench shows these buttons only). */
    actions: Type.Array(StaffApplicationAction),
  }),
])
export type StaffApplicationDetail = Static<typeof StaffApplicationDetail>

export const StaffApplicationQuery = Type.Object(
  {
    /** open (default): 预审/待补正/审查; decided: the ended ones; all. */
    queue: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('decided'), Type.Literal('all')])),
    status: Type.Optional(ApplicationStatus),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
)
export type StaffApplicationQuery = Static<typeof StaffApplicationQuery>

export const StaffApplicationPage = Page(Type.Composite([ApplicationSummary, Type.Object({ deadline: Type.String({ format: 'date-time' }) })]))
export type StaffApplicationPage = Static<typeof StaffApplicationPage>

export const DraftBody = Type.Object(
  {
    fields: Fields,
    materials: Type.Optional(Type.Array(MaterialInput, { maxItems: 100 })),
  },
  { additionalProperties: false },
)
export type DraftBody = Static<typeof DraftBody>

export const Draft = Type.Object({
  serviceCode: Type.String(),
  fields: Type.Record(Type.String(), Type.Unknown()),
  materials: Type.Array(MaterialInput),
  updatedAt: Type.String({ format: 'date-time' }),
})
export type Draft = Static<typeof Draft>

export const BundleDetail = Type.Object({
  id: Type.String(),
  number: Type.String(),
  bundleCode: Type.String(),
  name: Type.String(),
  done: Type.Integer(),
  total: Type.Integer(),
  /** "3 / 5 已办结" */
  progress: Type.String(),
  applications: Type.Array(ApplicationSummary),
})
export type BundleDetail = Static<typeof BundleDetail>

export const ApplicationErrorCode = {
  /** 400: an answer fails the form (body FieldInvalidBody, with field and every error). */
  FIELD_INVALID: 'FIELD_INVALID',
  /** 404: the service (or bundle) has no online form. */
  FORM_NOT_FOUND: 'FORM_NOT_FOUND',
  /** 400: a material is unknown, given in a way the form does not allow, or its upload/licence is not the resident's. */
  MATERIAL_INVALID: 'MATERIAL_INVALID',
  /** 403: submitting needs 实名认证 (L2). */
  REALNAME_REQUIRED: 'REALNAME_REQUIRED',
  /** 409: the action is not allowed in this state; nothing changed. */
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  /** 400: the action misses its note / materials / legal basis. */
  ACTION_INCOMPLETE: 'ACTION_INCOMPLETE',
  IDEMPOTENCY_KEY_REQUIRED: 'IDEMPOTENCY_KEY_REQUIRED',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
} as const
export type ApplicationErrorCode = (typeof ApplicationErrorCode)[keyof typeof ApplicationErrorCode]
