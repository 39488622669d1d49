// Rules of the catalog: searching and browsing with filters and paging, suggestions on empty results, guides, themes and bundles.
import { AppError } from '../../errors'
import type { Bundle, ServiceGuide, ServiceQuery, ServiceSearchResult, ServiceSummary, Theme } from '../../../types/service'
import type { ServiceRow, ServicesRepo, SearchFilters } from './repo'
import { normalize, queryTerms, type Synonym } from './search'

export interface ServicesServiceOptions {
  /** How long a node keeps the synonyms table in memory (ms). */
  synonymsTtlMs?: number
  /**
   * How long a node keeps a search answer in memory (ms); 0 turns the cache off. Answers are public and
   * identical for everyone; within the window a node answers a repeated query without the database.
   */
  searchCacheMs?: number
  /** Most answers kept by the search cache. */
  searchCacheSize?: number
}

const parseBool = (value: string | undefined) => (value === undefined ? undefined : value === 'true' || value === '1')

function toSummary(row: ServiceRow): ServiceSummary {
  const summary: ServiceSummary = {
    code: row.code,
    name: row.name,
    department: { code: row.department_code, name: row.department_name },
    audience: row.audience,
    online: row.online,
    bookable: row.bookable,
    themes: row.themes ?? [],
    promisedDays: row.promised_days,
  }
  if (row.fee_label) summary.fee = row.fee_label
  return summary
}

export function createServicesService(repo: ServicesRepo, options: ServicesServiceOptions = {}) {
  const synonymsTtl = options.synonymsTtlMs ?? 30_000
  const cacheMs = options.searchCacheMs ?? 0
  const cacheSize = options.searchCacheSize ?? 2000
  let synonyms: { rows: Synonym[]; at: number } | null = null
  const cache = new Map<string, { at: number; value: ServiceSearchResult }>()

  async function currentSynonyms(): Promise<Synonym[]> {
    const now = Date.now()
    if (!synonyms || now - synonyms.at > synonymsTtl) synonyms = { rows: await repo.synonyms(), at: now }
    return synonyms.rows
  }

  async function suggestionsFor(q: string): Promise<string[]> {
    const chars = [...new Set([...normalize(q)].filter((c) => /\p{Script=Han}/u.test(c)))]
    const names = await repo.namesSharing(chars, 3)
    const themes = (await repo.themes()).sort((a, b) => b.count - a.count).slice(0, 5).map((t) => t.name)
    return [...new Set([...names, ...themes])]
  }

  async function runSearch(query: ServiceQuery): Promise<ServiceSearchResult> {
    const page = query.page ?? 1
    const pageSize = query.pageSize ?? 20
    const filters: SearchFilters = {
      audience: query.audience,
      dept: query.dept,
      theme: query.theme,
      online: parseBool(query.online),
      bookable: parseBool(query.bookable),
    }
    const offset = (page - 1) * pageSize
    const q = query.q?.trim() ?? ''
    if (!normalize(q)) {
      const { rows, total } = await repo.browse(filters, pageSize, offset)
      return { items: rows.map(toSummary), total, page, pageSize }
    }
    const terms = queryTerms(q, await currentSynonyms())
    const { rows, total } = await repo.search(terms, filters, pageSize, offset)
    const result: ServiceSearchResult = { items: rows.map(toSummary), total, page, pageSize }
    if (total === 0) result.suggestions = await suggestionsFor(q)
    return result
  }

  return {
    async search(query: ServiceQuery): Promise<ServiceSearchResult> {
      if (!cacheMs) return runSearch(query)
      const key = JSON.stringify([normalize(query.q ?? ''), query.audience, query.dept, query.theme, query.online, query.bookable, query.page, query.pageSize])
      const now = Date.now()
      const hit = cache.get(key)
      if (hit && now - hit.at < cacheMs) return hit.value
      const value = await runSearch(query)
      cache.delete(key)
      cache.set(key, { at: now, value })
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string)
      return value
    },

    /** The full guide; counts the opening towards popularity. 404 for unknown or withdrawn items. */
    async guide(code: string): Promise<ServiceGuide> {
      const row = await repo.find(code)
      if (!row || row.status !== 'active') {
        throw new AppError(404, 'NOT_FOUND', row ? '该事项已停止办理或已调整，请重新搜索' : '找不到该办事事项，请检查事项编码或重新搜索')
      }
      await repo.incrementPopularity(code)
      const g = row.guide as Omit<ServiceGuide, keyof ServiceSummary | 'bundles' | 'updatedAt' | 'fee'> & { fee: ServiceGuide['fee'] }
      const summary = toSummary(row)
      delete summary.fee
      return {
        ...summary,
        ...g,
        bundles: row.bundles ?? [],
        updatedAt: new Date(row.updated_at).toISOString(),
      }
    },

    async themes(): Promise<Theme[]> {
      return repo.themes()
    },

    async bundles(): Promise<Bundle[]> {
      return (await repo.bundles(null)).map(toBundle)
    },

    async bundle(code: string): Promise<Bundle> {
      const [row] = await repo.bundles(code)
      if (!row) throw new AppError(404, 'NOT_FOUND', '找不到该“一件事”，请检查编码或返回列表重新选择')
      return toBundle(row)
    },
  }
}

function toBundle(row: Awaited<ReturnType<ServicesRepo['bundles']>>[number]): Bundle {
  return {
    code: row.code,
    name: row.name,
    description: row.description,
    audience: row.audience,
    items: row.items ?? [],
    sharedMaterials: row.shared_materials,
  }
}

export type ServicesService = ReturnType<typeof createServicesService>
