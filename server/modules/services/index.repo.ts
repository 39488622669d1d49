// SQL the in-memory catalog reads (catalog-index.ts): the catalog version, active items, postings, synonyms,
// themes and popularity (bundles come from repo.bundles).
import type { Queryable } from '../../db'
import type { ServiceRow } from './repo'
import type { Synonym } from './search'

export interface ThemeName {
  code: string
  name: string
  description: string
}

/** app_meta's catalog_version, which the loader changes on every catalog change. */
export async function catalogVersion(db: Queryable): Promise<string | null> {
  return (await db.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = 'catalog_version'`)).rows[0]?.value ?? null
}

export async function activeItems(db: Queryable): Promise<(ServiceRow & { popularity: number; sort: number })[]> {
  const r = await db.query<ServiceRow & { popularity: number; sort: number }>(
    `SELECT s.code, s.name, s.department_code, d.name AS department_name, s.audience, s.online, s.bookable,
       s.promised_days, s.fee_label, s.popularity, s.sort,
       ARRAY(SELECT st.theme_code FROM service_themes st WHERE st.service_code = s.code ORDER BY st.theme_code) AS themes
     FROM services s JOIN departments d ON d.code = s.department_code
     WHERE s.status = 'active'
     ORDER BY s.code`,
  )
  return r.rows
}

/** Every term with the items it points to and their weights, as the loader grouped them (migration 016). */
export async function postingLists(db: Queryable): Promise<{ term: string; codes: string[]; weights: number[] }[]> {
  const r = await db.query<{ term: string; codes: string[]; weights: number[] }>('SELECT term, codes, weights FROM search_terms')
  return r.rows
}

/** Longest terms first, so a longer synonym wins over a shorter one inside it. */
export async function synonyms(db: Queryable): Promise<Synonym[]> {
  return (await db.query<Synonym>('SELECT term, kind, expansions FROM search_synonyms ORDER BY length(term) DESC, term')).rows
}

export async function themeNames(db: Queryable): Promise<ThemeName[]> {
  return (await db.query<ThemeName>('SELECT code, name, description FROM themes ORDER BY sort, code')).rows
}

/** Active items opened at least once, with their count. */
export async function popularity(db: Queryable): Promise<{ code: string; popularity: number }[]> {
  return (await db.query<{ code: string; popularity: number }>(`SELECT code, popularity FROM services WHERE status = 'active' AND popularity > 0`)).rows
}

/** Adds guide openings counted on a node since its last flush (codes with their counts); withdrawn items are skipped. */
export async function addPopularity(db: Queryable, codes: string[], counts: number[]): Promise<void> {
  if (!codes.length) return
  await db.query(
    `UPDATE services s SET popularity = s.popularity + v.n
       FROM unnest($1::text[], $2::int[]) AS v(code, n)
      WHERE s.code = v.code AND s.status = 'active'`,
    [codes, counts],
  )
}
