// Rules of the catalog: searching and browsing with filters and paging, suggestions on empty results, guides, themes and bundles.
import type { Queryable } from '../../db'
import { AppError } from '../../errors'
import type { Bundle, ServiceGuide, ServiceQuery, ServiceSearchResult, ServiceSummary, Theme } from '@contract/service'
import { createCatalogIndex } from './catalog-index'
import type { BundleRow, ServiceRow, ServicesRepo, SearchFilters } from './repo'
import { bundlesForQuery } from './bundle-search'
import { normalize, queryTerms } from './search'

export interface ServicesServiceOptions {
  /** How often a node checks the catalog version and popularity for its in-memory index (ms). */
  indexRefreshMs?: number
  /**
   * Answers kept per node for repeated searches (0 turns the cache off). An entry is valid only while the
   * index generation is unchanged: a catalog reload or any popularity change (checked every indexRefreshMs) drops it.
   */
  searchCacheSize?: number
  /** How often a node writes the guide openings it counted to the shared popularity (ms; and when it stops). */
  popularityFlushMs?: number
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

export function createServicesService(repo: ServicesRepo, db: Queryable, options: ServicesServiceOptions = {}) {
  const index = createCatalogIndex(db, { refreshMs: options.indexRefreshMs })
  const cacheSize = options.searchCacheSize ?? 5000
  const cache = new Map<string, { generation: number; value: ServiceSearchResult }>()

  async function suggestionsFor(q: string): Promise<string[]> {
    const chars = [...new Set([...normalize(q)].filter((c) => /\p{Script=Han}/u.test(c)))]
    return index.suggestions(chars, 3)
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
      const { rows, total } = await index.browse(filters, pageSize, offset)
      return { items: rows.map(toSummary), total, page, pageSize }
    }
    const terms = queryTerms(q, await index.synonyms())
    const { rows, total } = await index.search(terms, filters, pageSize, offset)
    const result: ServiceSearchResult = { items: rows.map(toSummary), total, page, pageSize }
    if (page === 1) {
      const bundles = bundlesForQuery(q, (await index.bundles()).filter((b) => !query.audience || b.audience === query.audience || b.audience === 'both'))
      if (bundles.length) result.bundles = bundles.map((b) => ({ code: b.code, name: b.name }))
    }
    if (total === 0) result.suggestions = await suggestionsFor(q)
    return result
  }

  return {
    /** Writes this node's counted guide openings to the database (a timer in routes.ts calls it, and the close hook). */
    flushOpenings: () => index.flushOpenings(),

    async search(query: ServiceQuery): Promise<ServiceSearchResult> {
      const q = normalize(query.q ?? '')
      if (!cacheSize) return runSearch(query)
      await index.current()
      const key = JSON.stringify([q, query.audience, query.dept, query.theme, query.online, query.bookable, query.page ?? 1, query.pageSize ?? 20])
      const hit = cache.get(key)
      if (hit && hit.generation === index.generation()) return hit.value
      const generation = index.generation()
      const value = await runSearch(query)
      cache.delete(key)
      cache.set(key, { generation, value })
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string)
      return value
    },

    /** The full guide; counts the opening towards popularity. 404 for unknown or withdrawn items. */
    async guide(code: string): Promise<ServiceGuide> {
      const row = await repo.find(code)
      if (!row || row.status !== 'active') {
        throw new AppError(404, 'NOT_FOUND', row ? '该事项已停止办理或已调整，请重新搜索' : '找不到该办事事项，请检查事项编码或重新搜索')
      }
      index.opened(code)
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
      return index.themes()
    },

    async bundles(): Promise<Bundle[]> {
      return (await index.bundles()).map(toBundle)
    },

    async bundle(code: string): Promise<Bundle> {
      const [row] = await index.bundles(code)
      if (!row) throw new AppError(404, 'NOT_FOUND', '找不到该“一件事”，请检查编码或返回列表重新选择')
      return toBundle(row)
    },
  }
}

function toBundle(row: BundleRow): Bundle {
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
