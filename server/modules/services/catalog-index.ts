// The node's in-memory copy of the search index: postings read from the search_postings table, scored and filtered without a database round trip.
//
// Why in memory: the index lives in the database (search_postings, written by the loader), but answering from
// SQL costs a join and an aggregate over thousands of postings per query. PGlite has one connection and runs in
// WASM, so 32 concurrent searches queue behind each other; at 20,000 items that is far above the 20 ms budget.
// Each node therefore keeps the postings as typed arrays (term → item numbers and weights, ~8 bytes a posting)
// and checks the catalog version in app_meta every few seconds, reloading when the loader changed the catalog.
// Popularity is refreshed from the database on the same clock, and openings on this node count at once.
import type { Queryable } from '../../db'
import type { Audience } from '@contract/service'
import type { SearchFilters, ServiceRow } from './repo'
import { activeItems, catalogVersion, popularity, postingLists, synonyms as readSynonyms, themeNames, type ThemeName } from './index.repo'
import type { Synonym } from './search'

interface Doc {
  row: ServiceRow
  popularity: number
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
  themes: ThemeName[]
}

export interface CatalogIndexOptions {
  /** How often a node looks at the catalog version and popularity (ms). */
  refreshMs?: number
}

async function loadSnapshot(db: Queryable): Promise<IndexSnapshot> {
  const version = await catalogVersion(db)
  const docs: Doc[] = (await activeItems(db)).map(({ popularity, sort: _sort, ...row }) => ({ row, popularity: Number(popularity) }))
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
  const themes = await themeNames(db)
  return { version, docs, byCode, postings, synonyms, themes }
}

function matchesFilters(row: ServiceRow, f: SearchFilters): boolean {
  if (f.audience && row.audience !== f.audience && row.audience !== ('both' satisfies Audience)) return false
  if (f.dept && row.department_code !== f.dept) return false
  if (f.theme && !(row.themes ?? []).includes(f.theme)) return false
  if (f.online !== undefined && row.online !== f.online) return false
  if (f.bookable !== undefined && row.bookable !== f.bookable) return false
  return true
}

/** The first k of `list` in `before` order, without sorting the rest (a bounded max-heap of the best k). */
export function topK(list: number[], k: number, before: (a: number, b: number) => number): number[] {
  if (k <= 0) return []
  if (list.length <= k * 4) return list.sort(before).slice(0, k)
  // heap[0] is the worst of the kept k.
  const heap: number[] = []
  const worse = (a: number, b: number) => before(a, b) > 0
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!worse(heap[i], heap[parent])) break
      ;[heap[i], heap[parent]] = [heap[parent], heap[i]]
      i = parent
    }
  }
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < heap.length && worse(heap[l], heap[m])) m = l
      if (r < heap.length && worse(heap[r], heap[m])) m = r
      if (m === i) return
      ;[heap[i], heap[m]] = [heap[m], heap[i]]
      i = m
    }
  }
  for (const x of list) {
    if (heap.length < k) {
      heap.push(x)
      up(heap.length - 1)
    } else if (before(x, heap[0]) < 0) {
      heap[0] = x
      down(0)
    }
  }
  return heap.sort(before)
}

export function createCatalogIndex(db: Queryable, options: CatalogIndexOptions = {}) {
  const refreshMs = options.refreshMs ?? 3000
  let snapshot: IndexSnapshot | null = null
  let loading: Promise<IndexSnapshot> | null = null
  let checkedAt = 0
  /** Changes whenever answers may change: a reload, or popularity moved. Result caches key on it. */
  let generation = 0

  async function reload(): Promise<IndexSnapshot> {
    loading ??= loadSnapshot(db).finally(() => {
      loading = null
    })
    snapshot = await loading
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
      if (id !== undefined && snapshot.docs[id].popularity !== Number(count)) {
        snapshot.docs[id].popularity = Number(count)
        generation++
      }
    }
    return snapshot
  }

  return {
    current,
    reload,
    generation: () => generation,

    /** Counts an opening on this node at once (the database is the shared count). */
    opened(code: string): void {
      const id = snapshot?.byCode.get(code)
      if (snapshot && id !== undefined) {
        snapshot.docs[id].popularity++
        generation++
      }
    },

    /** Ranked, filtered, paged: Σ query-weight × weight × idf over the postings of each query term. */
    async search(terms: Map<string, number>, filters: SearchFilters, limit: number, offset: number): Promise<{ rows: ServiceRow[]; total: number }> {
      const s = await current()
      const n = s.docs.length
      const scores = new Float64Array(n)
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
      const hits = touched.filter((d) => matchesFilters(s.docs[d].row, filters))
      const before = (a: number, b: number) =>
        scores[b] - scores[a] ||
        s.docs[b].popularity - s.docs[a].popularity ||
        s.docs[a].row.name.length - s.docs[b].row.name.length ||
        (s.docs[a].row.code < s.docs[b].row.code ? -1 : 1)
      return { rows: topK(hits, offset + limit, before).slice(offset).map((d) => s.docs[d].row), total: hits.length }
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
      const themeCounts = new Map<string, number>()
      for (const d of s.docs) for (const t of d.row.themes ?? []) themeCounts.set(t, (themeCounts.get(t) ?? 0) + 1)
      const themes = [...s.themes].sort((a, b) => (themeCounts.get(b.code) ?? 0) - (themeCounts.get(a.code) ?? 0)).slice(0, 5)
      return [...new Set([...best.map((d) => s.docs[d].row.name), ...themes.map((t) => t.name)])]
    },

    async synonyms(): Promise<Synonym[]> {
      return (await current()).synonyms
    },
  }
}

export type CatalogIndex = ReturnType<typeof createCatalogIndex>
