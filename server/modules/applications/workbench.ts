// The department's side: the 办件 queue by deadline with 临期/超期 marks, the detail with the applicant's 实名 data
// (their department's applications only; audited), opening a material file (audited), and the one action endpoint —
// each step one transaction with the row change, an update row, an audit row and the resident's notice; an illegal
// step is 409 with nothing changed.
import type { StaffApplicationActionBody, StaffApplicationDetail, StaffApplicationPage, StaffApplicationQuery } from '@contract/applications'
import { checkApplicationAction, promisedDate, workingDaysLeft } from '@domain/application'
import { audit, type StaffPrincipal } from '../../auth'
import { AppError } from '../../errors'
import { issueLicence } from '../licences/service'
import { inStaffScope, notFound, type ApplicationsContext } from './context'
import { staffDetailOf, summaryOf } from './dto'
import { queueApplicationNotice } from './notify'
import { appQueueRepo } from './queue.repo'
import { applicationsRepo as repo, type ApplicationChanges, type StoredResult } from './repo'
import { applicationForm } from './submit'

const incomplete = (message: string) => new AppError(400, 'ACTION_INCOMPLETE', message)

const NOTE_PROMPT = {
  'request-correction': '请写明需要补正的内容和原因',
  reject: '请填写不予受理的理由',
  deny: '请填写不予许可的理由',
} as const

export function createWorkbench(ctx: ApplicationsContext) {
  const { db, crypto } = ctx

  /** The department a clerk's queue is (dept_staff: their own; dispatcher/admin: all). */
  const scopeOf = (staff: StaffPrincipal): string | null => (staff.role === 'dept_staff' ? staff.departmentCode : null)

  async function view(staff: StaffPrincipal, id: string): Promise<StaffApplicationDetail> {
    await inStaffScope(db, staff, id)
    const row = await repo.view(db, id)
    if (!row) throw notFound()
    return staffDetailOf(row, await repo.updates(db, id), ctx.clock(), crypto)
  }

  return {
    async staffList(staff: StaffPrincipal, query: StaffApplicationQuery): Promise<StaffApplicationPage> {
      if (staff.role === 'hall_staff') throw new AppError(403, 'FORBIDDEN', '当前账号的角色无权查看办件')
      const page = query.page ?? 1
      const pageSize = query.pageSize ?? 20
      const { rows, total } = await appQueueRepo.page(db, { departmentCode: scopeOf(staff), queue: query.queue ?? 'open', status: query.status ?? null, page, pageSize })
      const now = ctx.clock()
      return { items: rows.map((r) => ({ ...summaryOf(r, now), deadline: r.deadline.toISOString() })), total, page, pageSize }
    },

    async staffView(staff: StaffPrincipal, id: string): Promise<StaffApplicationDetail> {
      const detail = await view(staff, id)
      await audit(db, { actorKind: 'staff', actorId: staff.staffId, action: 'application.view', target: `application:${detail.number}`, at: ctx.clock() })
      return detail
    },

    /** A material file of the application (listed in its materials); audited. */
    async material(staff: StaffPrincipal, id: string, uploadId: string): Promise<{ bytes: Buffer; contentType: string }> {
      const row = await inStaffScope(db, staff, id)
      const listed = row.materials.some((m) => m.uploadIds.includes(uploadId))
      const file = listed ? await repo.upload(db, uploadId, row.user_id) : null
      const bytes = file ? await ctx.storage.get(file.storage_key) : null
      if (!file || !bytes) throw new AppError(404, 'NOT_FOUND', '找不到该材料')
      await audit(db, { actorKind: 'staff', actorId: staff.staffId, action: 'application.material', target: `application:${row.number}`, detail: { uploadId }, at: ctx.clock() })
      return { bytes, contentType: file.content_type }
    },

    async staffAction(staff: StaffPrincipal, id: string, body: StaffApplicationActionBody): Promise<StaffApplicationDetail> {
      if (staff.role === 'hall_staff') throw new AppError(403, 'FORBIDDEN', '当前账号的角色无权处理办件')
      const { action } = body
      const note = body.note?.trim() || null
      await db.transaction(async (tx) => {
        const row = await inStaffScope(tx, staff, id, true)
        const check = checkApplicationAction(action, row.status)
        if (!check.ok) throw new AppError(409, 'ILLEGAL_TRANSITION', check.message)
        const now = ctx.clock()
        const set: ApplicationChanges = { status: check.to, updated_at: now }
        const data: Record<string, unknown> = {}
        switch (action) {
          case 'accept':
            set.accepted_at = now
            set.deadline = promisedDate(now, row.promised_days)
            data.promisedBy = set.deadline.toISOString()
            break
          case 'request-correction': {
            if (!note) throw incomplete(NOTE_PROMPT[action])
            const materialIds = [...new Set(body.materialIds ?? [])]
            const fieldKeys = [...new Set(body.fieldKeys ?? [])]
            if (materialIds.length + fieldKeys.length === 0) throw incomplete('请选择需要补正的材料或填写项')
            const form = await applicationForm(ctx, tx, row)
            const unknown = [
              ...materialIds.filter((m) => !form?.materials.some((x) => x.id === m)),
              ...fieldKeys.filter((k) => !form?.fields.some((f) => f.key === k && !f.prefill)),
            ]
            if (unknown.length) throw incomplete(`补正项不属于本事项：${unknown.join('、')}`)
            set.correction = { note, materialIds, fieldKeys }
            // After 受理 the promised clock stops; the working days left start again on correction.
            if (row.accepted_at) set.days_left = workingDaysLeft(now, row.deadline)
            data.materialIds = materialIds
            data.fieldKeys = fieldKeys
            break
          }
          case 'reject':
          case 'deny':
            if (!note) throw incomplete(NOTE_PROMPT[action])
            if (action === 'reject' && !body.legalBasis?.trim()) throw incomplete('请填写不予受理的法律依据')
            if (body.legalBasis?.trim()) data.legalBasis = body.legalBasis.trim()
            set.decided_at = now
            break
          case 'approve': {
            const r = body.result ?? {}
            const delivery = r.delivery ?? 'none'
            if (delivery === 'postal' && !r.postalAddress?.trim()) throw incomplete('请填写邮寄地址')
            let licenceId: string | null = null
            if (r.licence !== false) {
              const view = await repo.view(tx, row.id)
              const title = r.licenceTitle?.trim() || (view?.service_name ?? row.service_code)
              const licence = await issueLicence(tx, crypto, {
                userId: row.user_id,
                holderNameEnc: row.holder_name_enc,
                type: title,
                title,
                issuer: view?.department_name ?? row.department_code,
                departmentCode: row.department_code,
                applicationId: row.id,
                now,
              })
              licenceId = licence.id
              data.licenceNumber = licence.number
            }
            const result: StoredResult = { licenceId, delivery, postalAddress: delivery === 'postal' ? (r.postalAddress?.trim() ?? null) : null }
            set.result = result
            set.decided_at = now
            data.delivery = delivery
            break
          }
        }
        await repo.change(tx, row.id, set)
        const updateId = await repo.insertUpdate(tx, {
          applicationId: row.id,
          action,
          from: row.status,
          to: check.to,
          actorKind: 'staff',
          staffId: staff.staffId,
          departmentCode: staff.departmentCode,
          note,
          data,
          at: now,
        })
        await audit(tx, {
          actorKind: 'staff',
          actorId: staff.staffId,
          action: `application.${action}`,
          target: `application:${row.number}`,
          detail: { from: row.status, to: check.to, ...data },
          at: now,
        })
        await queueApplicationNotice(tx, { application: row, updateId, to: check.to, note, now })
      })
      return view(staff, id)
    },
  }
}
