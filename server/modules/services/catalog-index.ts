// The node's in-memory copy of the catalog: the search postings, the active items with their popularity, the themes
// with their counts and the 一件事 bundles, answered without a database round trip.
//
// Why in memory: the index lives in the database (search_postings, written by the loader), but answering from
// SQL costs a join and an aggregate over thousands of postings per query. PGlite has one connection and runs in
// WASM, so 32 concurrent searches queue behind each other; at 20,000 items that is far above the budget. Browsing
// was the same story on PostgreSQL: every GET /api/themes counted the active items of each theme and every listing by
// theme counted its matches, which made the mixed-load bench PostgreSQL-bound (p95 in seconds at 20,000 items).
// Each node therefore keeps the postings as typed arrays (term → item numbers and weights, ~8 bytes a posting), the
// items (with the ids of each theme's items) and the bundles, and checks the catalog version in app_meta every few
// seconds, reloading when the loader changed the catalog: every node answers the same catalog within one check.
// Popularity is refreshed from the database on the same clock, and openings on this node count at once.
import type { Queryable } from '../../db'
import type { Audience, Theme } from '@contract/service'
import { createServicesRepo, type BundleRow, type SearchFilters, type ServiceRow } from './repo'
import { activeItems, addPopularity, catalogVersion, popularity, postingLists, synonyms as readSynonyms, themeNames } from './index.repo'
import type { Synonym } from './search'
import { topK } from './top-k'

interface Doc {
  row: ServiceRow
  popularity: number
  /** The loader's order (the data files' order), the browse list's second key. */
  sort: number
}

interface Postings {
  docs: Int32Array
  weights: Float32Array
}

export interface IndexSnapshot {
  version: string | null
  docs: Doc[]
  byCode: Map<string, number>
  postings: Map<string, Postings>
  synonyms: Synonym[]
  /** Every theme in its order, with the number of active items in it. */
  themes: Theme[]
  /** Theme code → its active items (doc numbers). */
  byTheme: Map<string, Int32Array>
  /** Active bundles with their active items, in order. */
  bundles: BundleRow[]
  /** Scores of one search, all zero between searches. */
  scratch?: Float64Array
}

export interface CatalogIndexOptions {
  /** How often a node looks at the catalog version and popularity (ms). */
  refreshMs?: number
}

async function loadSnapshot(db: Queryable): Promise<IndexSnapshot> {
  const version = await catalogVersion(db)
  const docs: Doc[] = (await activeItems(db)).map(({ popularity, sort, ...row }) => ({ row, popularity: Number(popularity), sort: Number(sort) }))
  const byCode = new Map(docs.map((d, i) => [d.row.code, i]))
  const postings = new Map<string, Postings>()
  for (const { term, codes, weights } of await postingLists(db)) {
    const ids: number[] = []
    const ws: number[] = []
    codes.forEach((code, i) => {
      const id = byCode.get(code)
      if (id === undefined) return
      ids.push(id)
      ws.push(Number(weights[i]))
    })
    if (ids.length) postings.set(term, { docs: Int32Array.from(ids), weights: Float32Array.from(ws) })
  }
  const synonyms = await readSynonyms(db)
  const members = new Map<string, number[]>()
  docs.forEach((d, i) => {
    for (const t of d.row.themes ?? []) {
      let list = members.get(t)
      if (!list) members.set(t, (list = []))
      list.push(i)
    }
  })
  const byTheme = new Map([...members].map(([t, ids]) => [t, Int32Array.from(ids)]))
  const themes = (await themeNames(db)).map((t) => ({ ...t, count: byTheme.get(t.code)?.length ?? 0 }))
  const bundles = await createServicesRepo(db).bundles(null)
  return { version, docs, byCode, postings, synonyms, themes, byTheme, bundles }
}

const hasFilters = (f: SearchFilters) =>
  Boolean(f.audience || f.dept || f.theme) || f.online !== undefined || f.bookable !== undefined

function matchesFilters(row: ServiceRow, f: SearchFilters): boolean {
  if (f.audience && row.audience !== f.audience && row.audience !== ('both' satisfies Audience)) return false
  if (f.dept && row.department_code !== f.dept) return false
  if (f.theme && !(row.themes ?? []).includes(f.theme)) return false
  if (f.online !== undefined && row.online !== f.online) return false
  if (f.bookable !== undefined && row.bookable !== f.bookable) return false
  return true
}

export function createCatalogIndex(db: Queryable, options: CatalogIndexOptions = {}) {
  const refreshMs = options.refreshMs ?? 3000
  let snapshot: IndexSnapshot | null = null
  let loading: Promise<IndexSnapshot> | null = null
  let checkedAt = 0
  /** Changes whenever answers may change: a reload, or popularity moved. Result caches key on it. */
  let generation = 0
  // Guide openings counted on this node and not yet in the database (pending), and those being written (writing).
  // They are added to what the database says, so a look at the shared counts never takes this node's openings back.
  const pending = new Map<string, number>()
  const writing = new Map<string, number>()
  const unwritten = (code: string) => (pending.get(code) ?? 0) + (writing.get(code) ?? 0)

  async function reload(): Promise<IndexSnapshot> {
    loading ??= loadSnapshot(db).finally(() => {
      loading = null
    })
    snapshot = await loading
    for (const code of new Set([...pending.keys(), ...writing.keys()])) {
      const id = snapshot.byCode.get(code)
      if (id !== undefined) snapshot.docs[id].popularity += unwritten(code)
    }
    checkedAt = Date.now()
    generation++
    return snapshot
  }

  /** The current snapshot; every refreshMs one request also checks the version and popularity. */
  async function current(): Promise<IndexSnapshot> {
    if (!snapshot) return reload()
    const now = Date.now()
    if (now - checkedAt < refreshMs) return snapshot
    checkedAt = now
    if ((await catalogVersion(db)) !== snapshot.version) return reload()
    for (const { code, popularity: count } of await popularity(db)) {
      const id = snapshot.byCode.get(code)
      const counted = Number(count) + unwritten(code)
      if (id !== undefined && snapshot.docs[id].popularity !== counted) {
        snapshot.docs[id].popularity = counted
        generation++
      }
    }
    return snapshot
  }

  return {
    current,
    reload,
    generation: () => generation,

    /**
     * Counts an opening: on this node at once, in the database (the shared count) at the next flushOpenings — one
     * statement for all openings of a few seconds instead of an UPDATE per guide read.
     */
    opened(code: string): void {
      pending.set(code, (pending.get(code) ?? 0) + 1)
      const id = snapshot?.byCode.get(code)
      if (snapshot && id !== undefined) {
        snapshot.docs[id].popularity++
        generation++
      }
    },

    /** Writes the openings counted since the last flush; a failed write keeps them for the next one. */
    async flushOpenings(): Promise<void> {
      if (!pending.size || writing.size) return
      for (const [code, n] of pending) writing.set(code, n)
      pending.clear()
      try {
        await addPopularity(db, [...writing.keys()], [...writing.values()])
      } catch (err) {
        for (const [code, n] of writing) pending.set(code, (pending.get(code) ?? 0) + n)
        throw err
      } finally {
        writing.clear()
      }
    },

    /** Ranked, filtered, paged: Σ query-weight × weight × idf over the postings of each query term. */
    async search(terms: Map<string, number>, filters: SearchFilters, limit: number, offset: number): Promise<{ rows: ServiceRow[]; total: number }> {
      const s = await current()
      const n = s.docs.length
      // One score array per snapshot, zeroed again below: the scoring is synchronous, so no other search shares it meanwhile.
      const scores = (s.scratch ??= new Float64Array(n))
      const touched: number[] = []
      for (const [term, qw] of terms) {
        const p = s.postings.get(term)
        if (!p) continue
        const idf = Math.log(1 + n / p.docs.length)
        for (let i = 0; i < p.docs.length; i++) {
          const d = p.docs[i]
          if (scores[d] === 0) touched.push(d)
          scores[d] += p.weights[i] * qw * idf
        }
      }
      try {
        const hits = hasFilters(filters) ? touched.filter((d) => matchesFilters(s.docs[d].row, filters)) : touched
        const before = (a: number, b: number) =>
          scores[b] - scores[a] ||
          s.docs[b].popularity - s.docs[a].popularity ||
          s.docs[a].row.name.length - s.docs[b].row.name.length ||
          (s.docs[a].row.code < s.docs[b].row.code ? -1 : 1)
        const total = hits.length
        return { rows: topK(hits, offset + limit, before).slice(offset).map((d) => s.docs[d].row), total }
      } finally {
        for (const d of touched) scores[d] = 0
      }
    },

    /** Words to try when nothing matched: names sharing the most characters with the query, then the biggest themes. */
    async suggestions(chars: string[], names: number): Promise<string[]> {
      const s = await current()
      const hits = new Map<number, number>()
      for (const ch of chars) {
        const p = s.postings.get(`u:${ch}`)
        if (p) for (const d of p.docs) hits.set(d, (hits.get(d) ?? 0) + 1)
      }
      const best = topK([...hits.keys()], names, (a, b) => hits.get(b)! - hits.get(a)! || s.docs[b].popularity - s.docs[a].popularity || (s.docs[a].row.code < s.docs[b].row.code ? -1 : 1))
      const themes = [...s.themes].sort((a, b) => b.count - a.count).slice(0, 5)
      return [...new Set([...best.map((d) => s.docs[d].row.name), ...themes.map((t) => t.name)])]
    },

    /** Without words: the most opened items first, then the loader's order, then the code (filtered, paged). */
    async browse(filters: SearchFilters, limit: number, offset: number): Promise<{ rows: ServiceRow[]; total: number }> {
      const s = await current()
      const hits: number[] = []
      if (filters.theme) {
        for (const d of s.byTheme.get(filters.theme) ?? []) if (matchesFilters(s.docs[d].row, filters)) hits.push(d)
      } else {
        for (let d = 0; d < s.docs.length; d++) if (matchesFilters(s.docs[d].row, filters)) hits.push(d)
      }
      const before = (a: number, b: number) =>
        s.docs[b].popularity - s.docs[a].popularity || s.docs[a].sort - s.docs[b].sort || (s.docs[a].row.code < s.docs[b].row.code ? -1 : 1)
      return { rows: topK(hits, offset + limit, before).slice(offset).map((d) => s.docs[d].row), total: hits.length }
    },

    /** Every theme with its number of active items. */
    async themes(): Promise<Theme[]> {
      return (await current()).themes
    },

    /** Active bundles with their active items; one bundle when `code` is given (none if unknown). */
    async bundles(code: string | null = null): Promise<BundleRow[]> {
      const { bundles } = await current()
      return code === null ? bundles : bundles.filter((b) => b.code === code)
    },

    async synonyms(): Promise<Synonym[]> {
      return (await current()).synonyms
    },
  }
}

export type CatalogIndex = ReturnType<typeof createCatalogIndex>
