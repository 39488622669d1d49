// The resident's side: my applications (list, detail with next step and timeline), 补正 (every flagged item fixed in
// the same application, one transaction), server-kept drafts, and a bundle's progress ("3 / 5 已办结").
import type { ApplicationDetail, ApplicationList, BundleDetail, CorrectBody, Draft, DraftBody, MaterialInput } from '@contract/applications'
import type { FieldError } from '@contract/forms'
import { bundleProgress, checkApplicationAction, preReviewDeadline, resumedDeadline } from '@domain/application'
import { validateAnswers } from '@domain/forms'
import { AppError } from '../../errors'
import { notFound, residentsOwn, type ApplicationsContext } from './context'
import { detailOf, summaryOf } from './dto'
import { FieldInvalid, materialErrors, storeMaterials } from './materials'
import { applicationsRepo as repo } from './repo'
import { applicationForm } from './submit'

const FORM_CODE = /^(bundle:)?[a-z0-9][a-z0-9-]{0,79}$/

export function createResidentApplications(ctx: ApplicationsContext) {
  const { db } = ctx

  async function detail(userId: string, id: string): Promise<ApplicationDetail> {
    const row = await repo.view(db, id)
    if (!row || row.user_id !== userId) throw notFound()
    return detailOf(row, await repo.updates(db, id), ctx.clock())
  }

  return {
    detail,

    async list(userId: string, page: number, pageSize: number): Promise<ApplicationList> {
      const { rows, total } = await repo.listOfUser(db, userId, pageSize, (page - 1) * pageSize)
      const now = ctx.clock()
      return { items: rows.map((r) => summaryOf(r, now)), total, page, pageSize }
    },

    async correct(userId: string, id: string, body: CorrectBody): Promise<ApplicationDetail> {
      const current = await residentsOwn(db, userId, id)
      const check = checkApplicationAction('correct', current.status, !!current.accepted_at)
      if (!check.ok) throw new AppError(409, 'ILLEGAL_TRANSITION', check.message)
      const form = await applicationForm(ctx, db, current)
      if (!form) throw new AppError(404, 'FORM_NOT_FOUND', '该事项暂不能在线申请，请到窗口办理')
      const flagged = current.correction ?? { note: null, materialIds: [], fieldKeys: [] }
      const given = body.fields ?? {}
      const materials: MaterialInput[] = body.materials ?? []
      const errors: FieldError[] = []
      for (const key of flagged.fieldKeys) {
        if (!(key in given)) errors.push({ field: key, message: `请修改“${form.fields.find((f) => f.key === key)?.label ?? key}”` })
      }
      for (const key of Object.keys(given)) {
        if (!flagged.fieldKeys.includes(key)) errors.push({ field: key, message: '只需修改补正告知中列出的内容' })
      }
      const prefilled = new Set(form.fields.filter((f) => f.prefill).map((f) => f.key))
      const answers = Object.fromEntries(Object.entries({ ...current.fields, ...given }).filter(([k]) => !prefilled.has(k)))
      const checked = validateAnswers(form, answers, { today: ctx.clock() })
      if (!checked.ok) errors.push(...checked.errors)
      errors.push(...materialErrors(form, materials, new Set(flagged.materialIds)))
      if (errors.length || !checked.ok) throw new FieldInvalid(errors)
      const prefill = Object.fromEntries(Object.entries(current.fields).filter(([k]) => prefilled.has(k)))

      await db.transaction(async (tx) => {
        const row = await residentsOwn(tx, userId, id, true)
        const again = checkApplicationAction('correct', row.status, !!row.accepted_at)
        if (!again.ok || row.updated_at.getTime() !== current.updated_at.getTime()) {
          throw new AppError(409, 'ILLEGAL_TRANSITION', again.ok ? '办件已有变化，请刷新后重试' : again.message)
        }
        const now = ctx.clock()
        const fixed = await storeMaterials(tx, form, materials, userId, row.id)
        const kept = row.materials.filter((m) => !flagged.materialIds.includes(m.materialId))
        const deadline = row.accepted_at ? resumedDeadline(now, row.days_left ?? 0) : preReviewDeadline(now)
        await repo.change(tx, row.id, {
          status: again.to,
          fields: { ...checked.value, ...prefill },
          materials: [...kept, ...fixed],
          correction: null,
          days_left: null,
          deadline,
          updated_at: now,
        })
        await repo.insertUpdate(tx, {
          applicationId: row.id,
          action: 'correct',
          from: row.status,
          to: again.to,
          actorKind: 'resident',
          staffId: null,
          departmentCode: null,
          note: null,
          data: { materialIds: flagged.materialIds, fieldKeys: flagged.fieldKeys },
          at: now,
        })
      })
      return detail(userId, id)
    },

    async bundle(userId: string, id: string): Promise<BundleDetail> {
      const b = await repo.bundleById(db, id)
      if (!b || b.user_id !== userId) throw new AppError(404, 'NOT_FOUND', '找不到该一件事申请')
      const apps = await repo.ofBundle(db, id)
      const now = ctx.clock()
      const p = bundleProgress(apps.map((a) => a.status))
      return { id: b.id, number: b.number, bundleCode: b.bundle_code, name: b.name, done: p.done, total: p.total, progress: p.text, applications: apps.map((a) => summaryOf(a, now)) }
    },

    async saveDraft(userId: string, formCode: string, body: DraftBody): Promise<Draft> {
      if (!FORM_CODE.test(formCode)) throw notFound()
      const form = formCode.startsWith('bundle:') ? ctx.forms.formForBundle(formCode.slice(7)) : ctx.forms.formFor(formCode)
      if (!form) throw new AppError(404, 'FORM_NOT_FOUND', '该事项暂不能在线申请')
      const now = ctx.clock()
      await repo.saveDraft(db, userId, formCode, body.fields, body.materials ?? [], now)
      return { serviceCode: formCode, fields: body.fields, materials: body.materials ?? [], updatedAt: now.toISOString() }
    },

    async draft(userId: string, formCode: string): Promise<Draft> {
      const d = FORM_CODE.test(formCode) ? await repo.draft(db, userId, formCode) : null
      if (!d) throw new AppError(404, 'NOT_FOUND', '没有保存的草稿')
      return { serviceCode: formCode, fields: d.fields, materials: d.materials as MaterialInput[], updatedAt: d.updated_at.toISOString() }
    },

    async deleteDraft(userId: string, formCode: string): Promise<void> {
      if (FORM_CODE.test(formCode)) await repo.deleteDraft(db, userId, formCode)
    },
  }
}
