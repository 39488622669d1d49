// The answers and materials of a submission or a correction, checked against the form: every field problem and every
// missing or wrongly provided material at once (一次性告知, 400 FIELD_INVALID), then that each licence is one the resident
// holds and each upload the resident's and unused (400 MATERIAL_INVALID: a correction checks them inside its
// transaction; a submission's uploads are checked by the statement that writes it, repo.submit).
import { createHash } from 'node:crypto'
import type { FieldError, FormMaterial, ServiceForm } from '@contract/forms'
import type { MaterialInput } from '@contract/applications'
import { fillPrefill, validateAnswers, type RealnameData } from '@domain/forms'
import type { Queryable } from '../../db'
import { AppError } from '../../errors'
import { licencesRepo } from '../licences/repo'
import { applicationsRepo as repo, UUID, type StoredMaterial } from './repo'

/** 400 FIELD_INVALID with the first field and every error (the route answers it with `field` and `errors`). */
export class FieldInvalid extends AppError {
  constructor(readonly errors: FieldError[]) {
    super(400, 'FIELD_INVALID', errors.length > 1 ? `有 ${errors.length} 处需要修改：${errors[0].message}` : errors[0].message)
  }

  body() {
    return { code: 'FIELD_INVALID' as const, message: this.message, field: this.errors[0].field, errors: this.errors }
  }
}

export const materialInvalid = (message: string) => new AppError(400, 'MATERIAL_INVALID', message)

/** The pseudo-licence for 居民身份证 that 实名认证 stands for. */
export const REALNAME_LICENCE = 'realname'
const REALNAME_LICENCE_TYPES = ['居民身份证', 'idcard']

/** JSON with sorted keys: the same body always hashes the same (Idempotency-Key). */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export const bodyHash = (body: unknown): string => createHash('sha256').update(stableJson(body)).digest('hex')

const materialField = (id: string) => `materials.${id}`

/**
 * Structure of the materials against the form: unknown ids, ways the form does not allow, required ones missing.
 * `only`: check just these material ids (a correction).
 */
export function materialErrors(form: ServiceForm, inputs: readonly MaterialInput[], only?: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = []
  const byId = new Map(form.materials.map((m) => [m.id, m]))
  const given = new Map<string, MaterialInput>()
  for (const input of inputs) {
    const m = byId.get(input.materialId)
    if (!m || (only && !only.has(m.id))) {
      errors.push({ field: materialField(input.materialId), message: `材料“${input.materialId}”不是本事项需要的材料` })
      continue
    }
    if (given.has(m.id)) {
      errors.push({ field: materialField(m.id), message: `材料“${m.name}”重复提交` })
      continue
    }
    given.set(m.id, input)
    const way = provideOf(input)
    if (!m.provide.includes(way)) {
      const allowed = m.provide.map((p) => ({ upload: '上传', licence: '电子证照', counter: '窗口核验' })[p]).join('或')
      errors.push({ field: materialField(m.id), message: `材料“${m.name}”请通过${allowed}提供` })
    }
  }
  for (const m of form.materials) {
    if (only && !only.has(m.id)) continue
    if ((m.required || only) && !given.has(m.id)) errors.push({ field: materialField(m.id), message: `请提供材料“${m.name}”` })
  }
  return errors
}

export function provideOf(input: MaterialInput): 'upload' | 'licence' | 'counter' {
  if (input.uploadIds?.length) return 'upload'
  if (input.licenceId) return 'licence'
  return 'counter'
}

/** Validates answers and materials together; the clean answers with 实名 filled in, or FieldInvalid. */
export function checkSubmission(
  form: ServiceForm,
  fields: unknown,
  materials: readonly MaterialInput[],
  realname: RealnameData,
  today: Date,
): Record<string, unknown> {
  const answers = validateAnswers(form, fields, { today })
  const errors = [...(answers.ok ? [] : answers.errors), ...materialErrors(form, materials)]
  if (errors.length || !answers.ok) throw new FieldInvalid(errors)
  return fillPrefill(form, answers.value, realname)
}

function licenceFits(m: FormMaterial, licence: { type: string; service_code: string | null }): boolean {
  if (!m.licenceTypes?.length) return true
  return m.licenceTypes.includes(licence.type) || (!!licence.service_code && m.licenceTypes.includes(licence.service_code))
}

/** The materials as the application stores them (the inputs already passed materialErrors). */
export function materialsAsStored(form: ServiceForm, inputs: readonly MaterialInput[]): StoredMaterial[] {
  const byId = new Map(form.materials.map((m) => [m.id, m]))
  return inputs.map((input) => ({
    materialId: input.materialId,
    name: byId.get(input.materialId)?.name ?? input.materialId,
    provide: provideOf(input),
    uploadIds: input.uploadIds ?? [],
    licenceId: input.licenceId ?? null,
  }))
}

export const uploadsInvalid = () => materialInvalid('上传的材料文件无效或已用于其他申请，请重新上传')

/** The upload ids the inputs name, each once; MATERIAL_INVALID when one is not an id at all. */
export function uploadIdsOf(inputs: readonly MaterialInput[]): string[] {
  const ids = [...new Set(inputs.flatMap((i) => i.uploadIds ?? []))]
  if (!ids.every((id) => UUID.test(id))) throw uploadsInvalid()
  return ids
}

/** Each licence given as a material is one the resident holds and that fits the material (400 MATERIAL_INVALID). */
export async function checkLicences(q: Queryable, form: ServiceForm, inputs: readonly MaterialInput[], userId: string): Promise<void> {
  const byId = new Map(form.materials.map((m) => [m.id, m]))
  for (const input of inputs) {
    if (provideOf(input) !== 'licence') continue
    const m = byId.get(input.materialId) as FormMaterial
    const id = input.licenceId as string
    if (id === REALNAME_LICENCE) {
      if (m.licenceTypes?.length && !m.licenceTypes.some((t) => REALNAME_LICENCE_TYPES.includes(t))) {
        throw materialInvalid(`材料“${m.name}”不能用实名认证的居民身份证代替`)
      }
    } else {
      const licence = await licencesRepo.heldBy(q, id, userId)
      if (!licence || !licenceFits(m, licence)) throw materialInvalid(`电子证照不能作为材料“${m.name}”，或不是您持有的有效证照`)
    }
  }
}

/**
 * Inside the transaction: attaches the uploads to `applicationId` and checks the licences. Anything not the
 * resident's (or already used elsewhere) → 400 MATERIAL_INVALID, and the caller rolls back.
 */
export async function checkMaterials(tx: Queryable, form: ServiceForm, inputs: readonly MaterialInput[], userId: string, applicationId: string): Promise<void> {
  if (!(await repo.attachUploads(tx, applicationId, userId, uploadIdsOf(inputs)))) throw uploadsInvalid()
  await checkLicences(tx, form, inputs, userId)
}

/** checkMaterials, answering the materials as stored. */
export async function storeMaterials(
  tx: Queryable,
  form: ServiceForm,
  inputs: readonly MaterialInput[],
  userId: string,
  applicationId: string,
): Promise<StoredMaterial[]> {
  await checkMaterials(tx, form, inputs, userId, applicationId)
  return materialsAsStored(form, inputs)
}
