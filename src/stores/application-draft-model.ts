// The application draft as kept on the device (pure, no Taro): answers, how each material is provided, the files
// picked and their uploads, the Idempotency-Key of the submit intent, and the body the server takes.
import type { Draft, MaterialInput } from '@contract/applications'
import type { FieldError, MaterialProvide, ServiceForm } from '@contract/forms'
import { randomChars } from './request-draft-model'

/**
 * The form rules the stores need, handed in by the pages (src/components/form/state: initialAnswers, checkAnswers and
 * clearError over domain/forms) so the validator stays in the 在线办 subpackage, out of the mini-program's main package.
 */
export interface FormRules {
  initial: (form: ServiceForm, saved?: Record<string, unknown>) => Record<string, unknown>
  check: (form: ServiceForm, answers: Record<string, unknown>) => FieldError[]
  clear: (errors: readonly FieldError[], path: string) => FieldError[]
}

export interface DraftFile {
  key: string
  localPath: string
  /** The file's name when picked as a document (PDF); photos have none. */
  name?: string
  status: 'pending' | 'uploading' | 'done' | 'failed'
  uploadId?: string
  error?: string
}

export interface MaterialDraft {
  /** How the resident provides it; undefined until chosen. */
  mode: MaterialProvide | undefined
  files: DraftFile[]
  licenceId?: string
}

export interface ApplicationDraft {
  /** An item's code, or bundle:<code>. */
  formCode: string
  /** One Idempotency-Key per submit intent, kept across retries and restarts. */
  key: string
  answers: Record<string, unknown>
  materials: Record<string, MaterialDraft>
  updatedAt: number
  /** Changed since the server last kept it. */
  unsynced: boolean
  /** A submit was sent and no answer came back: the next submit resends with the same key. */
  inDoubt: boolean
}

export function newSubmitKey(now: number): string {
  return `app-${now.toString(36)}-${randomChars(20)}`
}

export function emptyApplicationDraft(formCode: string, now: number): ApplicationDraft {
  return { formCode, key: newSubmitKey(now), answers: {}, materials: {}, updatedAt: now, unsynced: false, inDoubt: false }
}

export function parseApplicationDraft(raw: string | undefined, formCode: string): ApplicationDraft | undefined {
  if (!raw) return undefined
  try {
    const d = JSON.parse(raw) as ApplicationDraft
    if (!d || d.formCode !== formCode || typeof d.key !== 'string' || typeof d.answers !== 'object') return undefined
    // An upload cut off by closing the app is sent again.
    const materials: Record<string, MaterialDraft> = {}
    for (const [id, m] of Object.entries(d.materials ?? {})) {
      materials[id] = { ...m, files: (m.files ?? []).map((f) => (f.status === 'uploading' ? { ...f, status: 'pending' as const } : f)) }
    }
    return { ...d, materials, unsynced: Boolean(d.unsynced), inDoubt: Boolean(d.inDoubt) }
  } catch {
    return undefined
  }
}

/** What a material gives the server; undefined when nothing is chosen (or an upload has no sent file yet). */
export function materialInput(id: string, m: MaterialDraft | undefined): MaterialInput | undefined {
  if (!m?.mode) return undefined
  if (m.mode === 'counter') return { materialId: id }
  if (m.mode === 'licence') return m.licenceId ? { materialId: id, licenceId: m.licenceId } : undefined
  const ids = m.files.filter((f) => f.status === 'done' && f.uploadId).map((f) => f.uploadId as string)
  return ids.length ? { materialId: id, uploadIds: ids } : undefined
}

export function materialInputs(form: ServiceForm, draft: ApplicationDraft): MaterialInput[] {
  const out: MaterialInput[] = []
  for (const m of form.materials) {
    const input = materialInput(m.id, draft.materials[m.id])
    if (input) out.push(input)
  }
  return out
}

/** The same key as the server's material errors: materials.<id>. */
export const materialField = (id: string): string => `materials.${id}`

/** Every material problem at once: required ones not provided, uploads chosen with no file, a licence not picked. */
export function checkMaterials(form: ServiceForm, draft: ApplicationDraft, only?: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = []
  for (const m of form.materials) {
    if (only && !only.has(m.id)) continue
    const d = draft.materials[m.id]
    const needed = m.required || Boolean(only)
    if (!d?.mode) {
      if (needed) errors.push({ field: materialField(m.id), message: `请选择“${m.name}”的提供方式` })
    } else if (d.mode === 'upload' && d.files.length === 0) {
      errors.push({ field: materialField(m.id), message: `请上传“${m.name}”的照片或 PDF` })
    } else if (d.mode === 'licence' && !d.licenceId) {
      errors.push({ field: materialField(m.id), message: `请选择用于“${m.name}”的电子证照` })
    }
  }
  return errors
}

/** The server's draft as a device draft (files already sent are kept by their upload ids). */
export function fromServerDraft(d: Draft, key: string, now: number): ApplicationDraft {
  const materials: Record<string, MaterialDraft> = {}
  for (const m of d.materials) {
    if (m.uploadIds?.length) {
      materials[m.materialId] = { mode: 'upload', files: m.uploadIds.map((id, i) => ({ key: `s-${i}-${id}`, localPath: '', status: 'done', uploadId: id })) }
    } else if (m.licenceId) materials[m.materialId] = { mode: 'licence', files: [], licenceId: m.licenceId }
    else materials[m.materialId] = { mode: 'counter', files: [] }
  }
  const at = Date.parse(d.updatedAt)
  return { formCode: d.serviceCode, key, answers: d.fields, materials, updatedAt: Number.isFinite(at) ? at : now, unsynced: false, inDoubt: false }
}
