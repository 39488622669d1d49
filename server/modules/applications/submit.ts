// Submitting: one application for a service, or one per department for a 一件事 bundle under one bundle number. The
// answers are checked by the form (domain/forms validateAnswers) with 实名 data filled in by the server and the licences
// checked; then the application, its uploads, its first update row and its notice are written by one statement
// (repo.submit; a bundle's applications in one transaction), once per Idempotency-Key (a racing retry writes nothing
// and answers with the winner).
import type { MaterialInput, SubmitApplicationBody, SubmitBundleBody, SubmittedApplication, SubmittedBundle } from '@contract/applications'
import type { ServiceForm } from '@contract/forms'
import { formatApplicationNumber, preReviewDeadline } from '@domain/application'
import { shanghaiDate } from '@domain/calendar'
import type { RealnameData } from '@domain/forms'
import type { Queryable } from '../../db'
import { AppError } from '../../errors'
import type { ApplicationsContext } from './context'
import { bodyHash, checkLicences, checkSubmission, materialsAsStored, uploadIdsOf, uploadsInvalid } from './materials'
import { applicationNotice, applicationPage } from './notify'
import { applicationsRepo as repo, type ApplicationRow, type SealedRealname } from './repo'

export const NUMBER_PREFIX = 'SQ'
const BUNDLE_PREFIX = 'YJS'

const formNotFound = () => new AppError(404, 'FORM_NOT_FOUND', '该事项暂不能在线申请，请查看办事指南到窗口办理')
const keyReused = () => new AppError(422, 'IDEMPOTENCY_KEY_REUSED', '该幂等键已用于另一份不同的申请，请为新的申请使用新的幂等键')

class IdempotentReplay extends Error {}

interface Applicant {
  realname: RealnameData
  sealed: { name: string | null; id: string | null; phone: string | null }
}

function applicantOf(ctx: ApplicationsContext, r: SealedRealname | null): Applicant {
  if (!r || r.level < 2 || !r.name_enc || !r.id_enc) throw new AppError(403, 'REALNAME_REQUIRED', '请先完成实名认证')
  return {
    realname: {
      name: ctx.crypto.open('users.name', r.name_enc),
      idNumber: ctx.crypto.open('users.id_number', r.id_enc),
      phone: r.phone_enc ? ctx.crypto.open('users.phone', r.phone_enc) : '',
    },
    sealed: { name: r.name_enc, id: r.id_enc, phone: r.phone_enc },
  }
}

async function applicant(ctx: ApplicationsContext, userId: string): Promise<Applicant> {
  return applicantOf(ctx, await repo.realname(ctx.db, userId))
}

async function number(tx: Queryable, prefix: string, now: Date): Promise<string> {
  return formatApplicationNumber(prefix, shanghaiDate(now), (await repo.nextNumber(tx)) % 1_000_000)
}

/**
 * One application row with its uploads attached, its first update row, its notice and (draftCode) the draft deleted,
 * in one statement (repo.submit); null when the Idempotency-Key is taken. The licences were checked by the caller.
 */
async function create(
  q: Queryable,
  a: {
    userId: string
    service: { code: string; department_code: string; promised_days: number }
    form: ServiceForm
    fields: Record<string, unknown>
    /** The materials as the application lists them. */
    materials: readonly MaterialInput[]
    /** The uploads this application takes (a bundle's later applications list uploads an earlier one took). */
    attach: string[]
    who: Applicant
    bundleId: string | null
    key: string | null
    hash: string | null
    draftCode: string | null
    now: Date
  },
): Promise<ApplicationRow | null> {
  const notice = applicationNotice('submitted', null, a.now)
  try {
    return await repo.submit(q, {
      // The sequence's 6 digits are added by the INSERT itself.
      number: `${NUMBER_PREFIX}${shanghaiDate(a.now).replace(/-/g, '')}`,
      user_id: a.userId,
      service_code: a.service.code,
      department_code: a.service.department_code,
      bundle_id: a.bundleId,
      form_version: a.form.version,
      fields: a.fields,
      materials: materialsAsStored(a.form, a.materials),
      holder_name_enc: a.who.sealed.name,
      holder_id_enc: a.who.sealed.id,
      holder_phone_enc: a.who.sealed.phone,
      promised_days: a.service.promised_days,
      submitted_at: a.now,
      deadline: preReviewDeadline(a.now),
      idempotency_key: a.key,
      idempotency_hash: a.hash,
      attach: a.attach,
      notice: { template: notice.template, data: notice.data, pagePrefix: applicationPage('') },
      draftCode: a.draftCode,
    })
  } catch (err) {
    if ((err as { code?: string; message?: string }).code === 'P0001' && (err as Error).message === 'MATERIAL_INVALID') throw uploadsInvalid()
    throw err
  }
}

const submitted = (row: Pick<ApplicationRow, 'id' | 'number' | 'status'>): SubmittedApplication => ({ id: row.id, number: row.number, status: row.status })

export async function submitApplication(
  ctx: ApplicationsContext,
  userId: string,
  body: SubmitApplicationBody,
  key: string,
): Promise<{ answer: SubmittedApplication; replayed: boolean }> {
  const hash = bodyHash(body)
  const answerTo = (existing: Pick<ApplicationRow, 'id' | 'number' | 'status' | 'idempotency_hash'>) => {
    if (existing.idempotency_hash !== hash) throw keyReused()
    return { answer: submitted(existing), replayed: true }
  }
  // The retry check, the service and the resident's 实名 in one round trip; the write in one more.
  const first = await repo.submitContext(ctx.db, userId, key, body.serviceCode)
  if (first.existing) return answerTo(first.existing)

  const form = ctx.forms.formFor(body.serviceCode)
  if (!form || !first.service) throw formNotFound()
  const who = applicantOf(ctx, first.realname)
  const now = ctx.clock()
  const fields = checkSubmission(form, body.fields, body.materials, who.realname, now)
  const attach = uploadIdsOf(body.materials)
  await checkLicences(ctx.db, form, body.materials, userId)
  const row = await create(ctx.db, { userId, service: first.service, form, fields, materials: body.materials, attach, who, bundleId: null, key, hash, draftCode: body.serviceCode, now })
  if (row) return { answer: submitted(row), replayed: false }
  // A concurrent retry with the same key won: answer with its application.
  const winner = await repo.byIdempotency(ctx.db, userId, key)
  if (!winner) throw new IdempotentReplay('the Idempotency-Key was taken but its application is gone')
  return answerTo(winner)
}

/** The bundle's answers and materials that one department's items ask for. */
function partOf(forms: ServiceForm[], fields: Record<string, unknown>, materials: readonly MaterialInput[]) {
  const keys = new Set(forms.flatMap((f) => f.fields.map((x) => x.key)))
  const ids = new Set(forms.flatMap((f) => f.materials.map((m) => m.id)))
  const merged: ServiceForm = {
    serviceCode: forms[0].serviceCode,
    version: forms.map((f) => f.version).join('+'),
    fields: forms.flatMap((f) => f.fields),
    materials: [...new Map(forms.flatMap((f) => f.materials).map((m) => [m.id, m])).values()],
  }
  return {
    form: merged,
    fields: Object.fromEntries(Object.entries(fields).filter(([k]) => keys.has(k))),
    materials: materials.filter((m) => ids.has(m.materialId)),
  }
}

async function bundleAnswer(ctx: ApplicationsContext, bundleId: string): Promise<SubmittedBundle> {
  const b = await repo.bundleById(ctx.db, bundleId)
  const apps = await repo.ofBundle(ctx.db, bundleId)
  return {
    id: bundleId,
    number: b?.number ?? '',
    applications: apps.map((a) => ({ id: a.id, number: a.number, status: a.status, departmentCode: a.department_code })),
  }
}

export async function submitBundle(
  ctx: ApplicationsContext,
  userId: string,
  body: SubmitBundleBody,
  key: string,
): Promise<{ answer: SubmittedBundle; replayed: boolean }> {
  const hash = bodyHash(body)
  const replay = async () => {
    const existing = await repo.bundleByIdempotency(ctx.db, userId, key)
    if (!existing) return null
    if (existing.idempotency_hash !== hash) throw keyReused()
    return { answer: await bundleAnswer(ctx, existing.id), replayed: true }
  }
  const first = await replay()
  if (first) return first

  const form = ctx.forms.formForBundle(body.bundleCode)
  const bundle = form ? await repo.bundle(ctx.db, body.bundleCode) : null
  if (!form || !bundle) throw formNotFound()
  const who = await applicant(ctx, userId)
  const now = ctx.clock()
  const fields = checkSubmission(form, body.fields, body.materials, who.realname, now)
  await checkLicences(ctx.db, form, body.materials, userId)

  // The bundle's items that can be applied for online, grouped by department in the bundle's order.
  const groups = new Map<string, { service: { code: string; department_code: string; promised_days: number }; forms: ServiceForm[] }>()
  for (const code of bundle.items) {
    const itemForm = ctx.forms.formFor(code)
    const service = itemForm ? await repo.service(ctx.db, code) : null
    if (!itemForm || !service) continue
    const g = groups.get(service.department_code)
    if (g) {
      g.forms.push(itemForm)
      g.service.promised_days = Math.max(g.service.promised_days, service.promised_days)
    } else groups.set(service.department_code, { service: { ...service }, forms: [itemForm] })
  }
  if (groups.size === 0) throw formNotFound()

  try {
    return await ctx.db.transaction(async (tx) => {
      const b = await repo.insertBundle(tx, { number: await number(tx, BUNDLE_PREFIX, now), bundleCode: bundle.code, userId, key, hash, at: now })
      if (!b) throw new IdempotentReplay()
      const applications: SubmittedBundle['applications'] = []
      const claimed = new Set<string>()
      for (const g of groups.values()) {
        const part = partOf(g.forms, fields, body.materials)
        // An upload shared by several departments is attached to the first application; the others list it.
        const attach = uploadIdsOf(part.materials).filter((id) => !claimed.has(id))
        const row = await create(tx, { userId, service: g.service, form: part.form, fields: part.fields, materials: part.materials, attach, who, bundleId: b.id, key: null, hash: null, draftCode: null, now })
        if (!row) throw new IdempotentReplay()
        for (const id of attach) claimed.add(id)
        applications.push({ id: row.id, number: row.number, status: row.status, departmentCode: row.department_code })
      }
      await repo.deleteDraft(tx, userId, `bundle:${body.bundleCode}`)
      return { answer: { id: b.id, number: b.number, applications }, replayed: false }
    })
  } catch (err) {
    if (err instanceof IdempotentReplay) {
      const again = await replay()
      if (again) return again
    }
    throw err
  }
}

/**
 * The form an application answers: its service's form, or for a bundle's application the forms of its department's
 * items in that bundle joined; null when the form is no longer offered.
 */
export async function applicationForm(ctx: ApplicationsContext, q: Queryable, row: Pick<ApplicationRow, 'service_code' | 'bundle_id' | 'department_code'>): Promise<ServiceForm | null> {
  if (!row.bundle_id) return ctx.forms.formFor(row.service_code)
  const b = await repo.bundleById(q, row.bundle_id)
  const bundle = b ? await repo.bundle(q, b.bundle_code) : null
  const forms: ServiceForm[] = []
  for (const code of bundle?.items ?? []) {
    const f = ctx.forms.formFor(code)
    const s = f ? await repo.service(q, code) : null
    if (f && s && s.department_code === row.department_code) forms.push(f)
  }
  return forms.length ? partOf(forms, {}, []).form : null
}
