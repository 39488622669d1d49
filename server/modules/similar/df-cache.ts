// Document frequencies per term, cached on this node per database: the lookup reads them for every query.
import type { Queryable } from '../../db'
import { similarRepo } from './repo'

/**
 * df per term, cached on this node. The cache belongs to one index size (max doc_id, which only grows): it is
 * dropped when the index grew by more than 2 % (or by anything while it is small) or after five minutes.
 */
export class DfCache {
  private map = new Map<string, number>()
  private docs = -1
  private at = 0

  /** Checks the index size (dropping the cache when it moved); returns the number of documents (at least 1). */
  async prepare(q: Queryable, now: number): Promise<number> {
    const n = await similarRepo.maxDocId(q)
    const drift = Math.abs(n - this.docs)
    if (this.docs < 0 || now - this.at > 300_000 || (n < 5000 ? drift > 0 : drift > n * 0.02)) {
      this.map.clear()
      this.docs = n
      this.at = now
    }
    return Math.max(this.docs, 1)
  }

  async fill(q: Queryable, needed: Iterable<string>): Promise<void> {
    const missing = [...new Set(needed)].filter((t) => !this.map.has(t))
    if (missing.length === 0) return
    const rows = await similarRepo.termDfs(q, missing)
    for (const t of missing) this.map.set(t, 0)
    for (const row of rows) this.map.set(row.term, row.df)
    if (this.map.size > 400_000) this.map.clear()
  }

  df(term: string): number {
    return this.map.get(term) ?? 0
  }
}

const dfCaches = new WeakMap<object, DfCache>()

/** The cache of this database (one per Db object). */
export function dfCache(db: object): DfCache {
  let c = dfCaches.get(db)
  if (!c) {
    c = new DfCache()
    dfCaches.set(db, c)
  }
  return c
}
