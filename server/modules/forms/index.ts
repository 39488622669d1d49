// Application forms (在线办): loadForms() reads the form data beside the catalog and checks it (a bad file fails startup
// with a message naming it); formFor / formForBundle answer from what was loaded. Imported by the forms routes and by
// the applications module.
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import type { ServiceForm } from '@contract/forms'
import { mergeForms } from '@domain/forms'
import { readCatalog, type CatalogData } from '../../db/seed/catalog-loader'
import { SEED_DIR } from '../../db/seed'
import { readDataFile } from '../../db/seed/read'
import type { ExpandedItem } from '../services/data'
import { buildForm, conditionsField, FormDataError } from './build'
import { FieldsFile, ItemFormsFile, TemplatesFile, type TemplateRule } from './data'
import { formMaterials } from './materials'

export { FormDataError } from './build'

export const FORMS_DATA_DIR = path.join(__dirname, 'data')

export interface FormsIndex {
  /** The item's form, or null when it does not exist or cannot be applied for online (offline). */
  formFor(serviceCode: string): ServiceForm | null
  /** One form for a 一件事 bundle (its online-capable items' forms merged), or null. */
  formForBundle(bundleCode: string): ServiceForm | null
  /** How each item's form was made: 'item' (its own fields) or the template's name. */
  sources: ReadonlyMap<string, string>
}

export interface LoadFormsOptions {
  catalogDir?: string
  formsDir?: string
}

const readJson = <S extends Parameters<typeof readDataFile>[1]>(file: string, schema: S) =>
  readDataFile(file, schema, (m) => new FormDataError(m), '申请表数据文件')

/** The template for an item without its own form: the first rule whose every condition holds. */
export function pickTemplate(rules: TemplateRule[], item: Pick<ExpandedItem, 'code' | 'name' | 'audience' | 'itemType'>): string {
  for (const rule of rules) {
    if (rule.codePrefix && !rule.codePrefix.some((p) => item.code.startsWith(p))) continue
    if (rule.nameMatches && !new RegExp(rule.nameMatches).test(item.name)) continue
    if (rule.audience && !rule.audience.includes(item.audience)) continue
    if (rule.itemType && !rule.itemType.includes(item.itemType)) continue
    return rule.template
  }
  throw new FormDataError(`申请表模板规则没有适用于事项 ${item.code} 的规则，最后一条规则应不带条件`)
}

/** Reads and checks the form data against the catalog; every online-capable item gets a form. */
export async function buildFormsIndex(options: LoadFormsOptions = {}): Promise<FormsIndex> {
  const dir = options.formsDir ?? FORMS_DATA_DIR
  const catalog: CatalogData = await readCatalog(options.catalogDir ?? path.join(SEED_DIR, 'catalog'))
  const library = (await readJson(path.join(dir, 'fields.json'), FieldsFile)).fields
  for (const [name, f] of Object.entries(library)) if (f.key !== name) throw new FormDataError(`申请表数据文件 fields.json：公共字段 ${name} 的 key 应为 ${name}`)
  const templates = await readJson(path.join(dir, 'templates.json'), TemplatesFile)
  for (const r of templates.rules) {
    if (!templates.templates[r.template]) throw new FormDataError(`申请表数据文件 templates.json：规则引用的模板 ${r.template} 不存在`)
    if (r.nameMatches) {
      try {
        new RegExp(r.nameMatches)
      } catch {
        throw new FormDataError(`申请表数据文件 templates.json：规则 nameMatches ${r.nameMatches} 不是有效的正则表达式`)
      }
    }
  }

  const items = new Map(catalog.items.map((i) => [i.code, i]))
  const own = new Map<string, { file: string; data: ItemFormsFile['forms'][string] }>()
  const itemFiles = (await readdir(path.join(dir, 'items'))).filter((f) => f.endsWith('.json')).sort()
  for (const file of itemFiles) {
    const data = await readJson(path.join(dir, 'items', file), ItemFormsFile)
    for (const [code, form] of Object.entries(data.forms)) {
      const item = items.get(code)
      const where = `申请表数据文件 items/${file} 的 ${code}`
      if (!item) throw new FormDataError(`${where}：事项目录中没有这个事项`)
      if (item.onlineDepth === 'offline') throw new FormDataError(`${where}：该事项需到现场办理，不能有网上申请表`)
      if (own.has(code)) throw new FormDataError(`${where}：该事项的申请表已在 items/${own.get(code)?.file} 中`)
      const guideNames = new Set(item.materials.map((m) => m.name))
      for (const name of Object.keys(form.materials ?? {})) if (!guideNames.has(name)) throw new FormDataError(`${where}：办事指南中没有材料「${name}」`)
      own.set(code, { file, data: form })
    }
  }

  const forms = new Map<string, ServiceForm>()
  const sources = new Map<string, string>()
  for (const item of catalog.items) {
    if (item.onlineDepth === 'offline') continue
    const mine = own.get(item.code)
    const template = mine ? null : pickTemplate(templates.rules, item)
    const entries = mine ? mine.data.fields : templates.templates[template as string].fields
    const where = mine ? `申请表数据文件 items/${mine.file} 的 ${item.code}` : `申请表模板 ${template}（事项 ${item.code}）`
    forms.set(
      item.code,
      buildForm(
        {
          serviceCode: item.code,
          audience: item.audience,
          conditions: item.conditions,
          entries,
          materials: formMaterials(item.materials, item.onlineDepth, mine?.data.materials),
          where,
        },
        library,
      ),
    )
    sources.set(item.code, mine ? 'item' : (template as string))
  }

  const bundles = new Map<string, ServiceForm>()
  for (const b of catalog.bundles) {
    const parts = b.items.map((c) => forms.get(c)).filter((f): f is ServiceForm => Boolean(f))
    if (!parts.length) continue
    const merged = mergeForms(parts)
    // One confirmation for the bundle, listing every part's 受理条件 once.
    const conditions = [...new Set(parts.flatMap((f) => items.get(f.serviceCode)?.conditions ?? []))]
    const fields = merged.fields.map((f) => (f.key === 'conditionsConfirmed' ? conditionsField(conditions) : f))
    bundles.set(b.code, { ...merged, serviceCode: b.code, fields })
  }
  return {
    formFor: (code) => forms.get(code) ?? null,
    formForBundle: (code) => bundles.get(code) ?? null,
    sources,
  }
}

let loaded: Promise<FormsIndex> | null = null
let ready: FormsIndex | null = null

/** Loads the forms once (beside the seed catalog); later calls answer the same index. A bad file rejects. */
export function loadForms(): Promise<FormsIndex> {
  loaded ??= buildFormsIndex().then((index) => (ready = index))
  loaded.catch(() => (loaded = null))
  return loaded
}

function index(): FormsIndex {
  if (!ready) throw new Error('Application forms are not loaded yet: await loadForms() at startup')
  return ready
}

/** The item's form, or null when it cannot be applied for online. Needs loadForms() to have finished. */
export function formFor(serviceCode: string): ServiceForm | null {
  return index().formFor(serviceCode)
}

/** The bundle's merged form, or null. Needs loadForms() to have finished. */
export function formForBundle(bundleCode: string): ServiceForm | null {
  return index().formForBundle(bundleCode)
}
