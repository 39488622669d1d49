// The catalog loader: reads server/db/seed/catalog/*.json, checks it, and upserts items, themes, bundles, synonyms and the search index idempotently.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import type { TSchema } from '@sinclair/typebox'
import type { Queryable } from '../types'
import { readDataFile } from './read'
import {
  BundlesFile,
  CommonFile,
  DepartmentFile,
  ONLINE_DEPTH_LABEL,
  SynonymsFile,
  ThemesFile,
  expandItems,
  type ExpandedItem,
} from '../../modules/services/data'
import { createServicesRepo, type ServiceWrite } from '../../modules/services/repo'
import { itemTerms, normalize, type Synonym } from '../../modules/services/search'

/** Files in the catalog directory that are not department files. */
const SPECIAL = new Set(['common.json', 'themes.json', 'bundles.json', 'synonyms.json'])

export class CatalogDataError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CatalogDataError'
  }
}

export interface CatalogSeedResult {
  services: { total: number; changed: number; withdrawn: number }
  themes: { total: number; changed: number }
  bundles: { total: number; changed: number }
  synonyms: number
}

export interface CatalogData {
  items: ExpandedItem[]
  themes: ThemesFile['themes']
  bundles: BundlesFile['bundles']
  synonyms: Synonym[]
}

const readJson = <S extends TSchema>(file: string, schema: S) => readDataFile(file, schema, (m) => new CatalogDataError(m), '事项目录数据文件')

/** Synonyms file → rows: typos replace, expansions add, each member of an equivalence group adds the others. */
export function synonymRows(file: SynonymsFile): Synonym[] {
  const rows = new Map<string, Synonym>()
  for (const [term, right] of Object.entries(file.typos)) rows.set(normalize(term), { term: normalize(term), kind: 'typo', expansions: [normalize(right)] })
  const addExpand = (term: string, words: string[]) => {
    const key = normalize(term)
    const existing = rows.get(key)
    if (existing?.kind === 'typo') return
    const set = new Set([...(existing?.expansions ?? []), ...words.map(normalize)])
    set.delete(key)
    rows.set(key, { term: key, kind: 'expand', expansions: [...set] })
  }
  for (const [term, words] of Object.entries(file.expand)) addExpand(term, words)
  for (const group of file.equivalent) for (const term of group) addExpand(term, group)
  return [...rows.values()].sort((a, b) => b.term.length - a.term.length || a.term.localeCompare(b.term))
}

/** Reads and checks every catalog file in `dir` (no database needed). */
export async function readCatalog(dir: string): Promise<CatalogData> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()
  const common = files.includes('common.json') ? await readJson(path.join(dir, 'common.json'), CommonFile) : {}
  const themes = (await readJson(path.join(dir, 'themes.json'), ThemesFile)).themes
  const bundles = files.includes('bundles.json') ? (await readJson(path.join(dir, 'bundles.json'), BundlesFile)).bundles : []
  const synonyms = files.includes('synonyms.json') ? synonymRows(await readJson(path.join(dir, 'synonyms.json'), SynonymsFile)) : []

  const items: ExpandedItem[] = []
  for (const file of files.filter((f) => !SPECIAL.has(f))) {
    const data = await readJson(path.join(dir, file), DepartmentFile)
    try {
      items.push(...expandItems(data, common))
    } catch (err) {
      throw new CatalogDataError(`事项目录数据文件 ${file} 内容有误：${(err as Error).message}`)
    }
  }
  const codes = new Set<string>()
  const themeCodes = new Set(themes.map((t) => t.code))
  for (const item of items) {
    if (codes.has(item.code)) throw new CatalogDataError(`事项编码 ${item.code} 重复`)
    codes.add(item.code)
    for (const t of item.themes) if (!themeCodes.has(t)) throw new CatalogDataError(`事项 ${item.code} 引用了不存在的主题 ${t}`)
  }
  const bundleCodes = new Set<string>()
  for (const b of bundles) {
    if (bundleCodes.has(b.code)) throw new CatalogDataError(`一件事编码 ${b.code} 重复`)
    bundleCodes.add(b.code)
    for (const c of b.items) if (!codes.has(c)) throw new CatalogDataError(`一件事 ${b.code} 引用了不存在的事项 ${c}`)
  }
  return { items, themes, bundles, synonyms }
}

/** What the API shows as the guide (everything but the columns and the live parts: department, bundles, updatedAt). */
function guideOf(item: ExpandedItem) {
  return {
    itemType: item.itemType,
    summary: item.summary,
    conditions: item.conditions,
    materials: item.materials,
    steps: item.steps,
    legalDays: item.legalDays,
    fee: item.fee,
    locations: item.locations,
    legalBasis: item.legalBasis,
    onlineDepth: item.onlineDepth,
    onlineDepthLabel: ONLINE_DEPTH_LABEL[item.onlineDepth],
    onlineChannels: item.onlineChannels,
    phone: item.phone,
    keywords: item.keywords,
    aliases: item.aliases,
  }
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex')

/**
 * Upserts the catalog inside the caller's transaction. An unchanged item is not rewritten; a changed one is
 * rewritten with its index terms; an item gone from the data is marked withdrawn (kept for history and links).
 */
export async function loadCatalog(tx: Queryable, data: CatalogData): Promise<CatalogSeedResult> {
  const repo = createServicesRepo(tx)
  const departments = await repo.departmentNames()
  for (const item of data.items) {
    if (!departments.has(item.departmentCode)) throw new CatalogDataError(`事项 ${item.code} 所属部门 ${item.departmentCode} 不存在`)
  }

  let themesChanged = 0
  for (const [i, t] of data.themes.entries()) if (await repo.upsertTheme({ ...t, sort: (i + 1) * 10 })) themesChanged++
  const themeNames = new Map(data.themes.map((t) => [t.code, t.name]))

  const bundleNames = new Map<string, string[]>()
  for (const b of data.bundles) for (const c of b.items) bundleNames.set(c, [...(bundleNames.get(c) ?? []), b.name])
  const existing = await repo.hashes()
  const writes: ServiceWrite[] = []
  for (const [i, item] of data.items.entries()) {
    const guide = guideOf(item)
    const departmentName = departments.get(item.departmentCode) ?? ''
    const themes = [...item.themes].sort()
    const bundles = bundleNames.get(item.code) ?? []
    const hash = sha256({ item, departmentName, themes: themes.map((t) => themeNames.get(t)), bundles })
    const before = existing.get(item.code)
    if (before && before.hash === hash && before.status === 'active') continue
    writes.push({
      code: item.code,
      departmentCode: item.departmentCode,
      name: item.name,
      audience: item.audience,
      itemType: item.itemType,
      online: item.onlineDepth === 'full',
      bookable: item.bookable,
      promisedDays: item.promisedDays,
      feeLabel: item.fee.detail,
      guide,
      contentHash: hash,
      sort: i,
      themes,
      terms: itemTerms({
        name: item.name,
        aliases: item.aliases,
        keywords: item.keywords,
        departmentName,
        themeNames: themes.map((t) => themeNames.get(t) ?? ''),
        bundleNames: bundles,
      }),
    })
  }
  await repo.writeServices(writes)
  // Order in the files is display order only: kept current without counting as a change.
  await repo.updateSort(data.items.map((item) => item.code))
  const changed = writes.length
  const withdrawn = await repo.withdrawMissing(data.items.map((i) => i.code))
  if (changed || withdrawn.length || (await repo.getMeta('catalog_terms')) === null) {
    await repo.refreshTermStats()
    await repo.setMeta('catalog_terms', String(Date.now()))
  }

  let bundlesChanged = 0
  for (const [i, b] of data.bundles.entries()) if (await repo.upsertBundle({ ...b, sort: (i + 1) * 10 })) bundlesChanged++
  bundlesChanged += await repo.withdrawMissingBundles(data.bundles.map((b) => b.code))

  const synonymsHash = sha256(data.synonyms)
  const synonymsChanged = (await repo.getMeta('catalog_synonyms')) !== synonymsHash
  if (synonymsChanged) {
    await repo.replaceSynonyms(data.synonyms)
    await repo.setMeta('catalog_synonyms', synonymsHash)
  }

  if (changed || withdrawn.length || bundlesChanged || themesChanged || synonymsChanged) await repo.setMeta('catalog_version', sha256([Date.now(), Math.random()]).slice(0, 16))
  return {
    services: { total: data.items.length, changed, withdrawn: withdrawn.length },
    themes: { total: data.themes.length, changed: themesChanged },
    bundles: { total: data.bundles.length, changed: bundlesChanged },
    synonyms: data.synonyms.length,
  }
}

/** The catalog directory under a seed directory, or null when that seed directory has none. */
export function catalogDir(seedDir: string): string | null {
  const dir = path.join(seedDir, 'catalog')
  return existsSync(path.join(dir, 'themes.json')) ? dir : null
}
