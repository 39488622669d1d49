// SQL for the catalog: services, themes, bundles, synonyms and the search index; every method takes an optional transaction.
import type { Queryable } from '../../db'
import type { Audience } from '@contract/service'

export interface ServiceRow {
  code: string
  name: string
  department_code: string
  department_name: string
  audience: Audience
  online: boolean
  bookable: boolean
  promised_days: number
  fee_label: string | null
  themes: string[] | null
}

export interface ServiceDetailRow extends ServiceRow {
  guide: Record<string, unknown>
  updated_at: Date | string
  status: 'active' | 'withdrawn'
  bundles: { code: string; name: string }[] | null
}

export interface BundleRow {
  code: string
  name: string
  description: string
  audience: Audience
  shared_materials: string[]
  items: { code: string; name: string }[] | null
}

export interface ServiceWrite {
  code: string
  departmentCode: string
  name: string
  audience: Audience
  itemType: string
  online: boolean
  bookable: boolean
  promisedDays: number
  feeLabel: string | null
  guide: unknown
  contentHash: string
  sort: number
  themes: string[]
  terms: Map<string, number>
}

export interface SearchFilters {
  audience?: 'person' | 'business'
  dept?: string
  theme?: string
  online?: boolean
  bookable?: boolean
}

const SUMMARY_COLUMNS = `s.code, s.name, s.department_code, d.name AS department_name, s.audience, s.online, s.bookable,
  s.promised_days, s.fee_label,
  ARRAY(SELECT st.theme_code FROM service_themes st WHERE st.service_code = s.code ORDER BY st.theme_code) AS themes`

export function createServicesRepo(db: Queryable) {
  return {
    // ---- reads ----

    async find(code: string, tx: Queryable = db): Promise<ServiceDetailRow | null> {
      const r = await tx.query<ServiceDetailRow>(
        `SELECT ${SUMMARY_COLUMNS}, s.guide, s.updated_at, s.status,
           ARRAY(SELECT json_build_object('code', b.code, 'name', b.name)
                 FROM bundle_items bi JOIN bundles b ON b.code = bi.bundle_code
                 WHERE bi.service_code = s.code AND b.status = 'active' ORDER BY b.sort, b.code) AS bundles
         FROM services s JOIN departments d ON d.code = s.department_code
         WHERE s.code = $1`,
        [code],
      )
      return r.rows[0] ?? null
    },

    /** Active bundles (or the one with `code`) with their active items in order. */
    async bundles(code: string | null, tx: Queryable = db): Promise<BundleRow[]> {
      const r = await tx.query<BundleRow>(
        `SELECT b.code, b.name, b.description, b.audience, b.shared_materials,
           ARRAY(SELECT json_build_object('code', s.code, 'name', s.name)
                 FROM bundle_items bi JOIN services s ON s.code = bi.service_code
                 WHERE bi.bundle_code = b.code AND s.status = 'active' ORDER BY bi.position) AS items
         FROM bundles b
         WHERE b.status = 'active' AND ($1::text IS NULL OR b.code = $1)
         ORDER BY b.sort, b.code`,
        [code],
      )
      return r.rows
    },

    // ---- loader writes ----

    async hashes(tx: Queryable = db): Promise<Map<string, { hash: string; status: string }>> {
      const r = await tx.query<{ code: string; content_hash: string; status: string }>('SELECT code, content_hash, status FROM services')
      return new Map(r.rows.map((row) => [row.code, { hash: row.content_hash, status: row.status }]))
    },

    async upsertTheme(t: { code: string; name: string; description: string; sort: number }, tx: Queryable = db): Promise<boolean> {
      const r = await tx.query(
        `INSERT INTO themes (code, name, description, sort) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, sort = EXCLUDED.sort
           WHERE (themes.name, themes.description, themes.sort) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.sort)`,
        [t.code, t.name, t.description, t.sort],
      )
      return r.rowCount > 0
    },

    /** Writes items, their themes and their index terms (replacing the old ones), in a handful of set-based statements. */
    async writeServices(list: ServiceWrite[], tx: Queryable = db): Promise<void> {
      if (!list.length) return
      const rows = list.map((s) => ({
        code: s.code,
        department_code: s.departmentCode,
        name: s.name,
        audience: s.audience,
        item_type: s.itemType,
        online: s.online,
        bookable: s.bookable,
        promised_days: s.promisedDays,
        fee_label: s.feeLabel,
        guide: s.guide,
        content_hash: s.contentHash,
        sort: s.sort,
      }))
      await tx.query(
        `INSERT INTO services (code, department_code, name, audience, item_type, online, bookable, promised_days, fee_label,
                               guide, content_hash, status, sort, updated_at)
         SELECT code, department_code, name, audience, item_type, online, bookable, promised_days, fee_label,
                guide, content_hash, 'active', sort, now()
         FROM jsonb_to_recordset($1::jsonb) AS r(code text, department_code text, name text, audience text, item_type text,
           online boolean, bookable boolean, promised_days integer, fee_label text, guide jsonb, content_hash text, sort integer)
         ON CONFLICT (code) DO UPDATE SET
           department_code = EXCLUDED.department_code, name = EXCLUDED.name, audience = EXCLUDED.audience,
           item_type = EXCLUDED.item_type, online = EXCLUDED.online, bookable = EXCLUDED.bookable,
           promised_days = EXCLUDED.promised_days, fee_label = EXCLUDED.fee_label, guide = EXCLUDED.guide,
           content_hash = EXCLUDED.content_hash, status = 'active', sort = EXCLUDED.sort, updated_at = now()`,
        [JSON.stringify(rows)],
      )
      const codes = list.map((s) => s.code)
      await tx.query('DELETE FROM service_themes WHERE service_code = ANY($1::text[])', [codes])
      const themePairs = list.flatMap((s) => s.themes.map((t) => [s.code, t] as const))
      await tx.query(
        'INSERT INTO service_themes (service_code, theme_code) SELECT * FROM unnest($1::text[], $2::text[])',
        [themePairs.map((p) => p[0]), themePairs.map((p) => p[1])],
      )
      await tx.query('DELETE FROM search_postings WHERE service_code = ANY($1::text[])', [codes])
      const terms: string[] = []
      const owners: string[] = []
      const weights: number[] = []
      for (const s of list) {
        for (const [term, weight] of s.terms) {
          terms.push(term)
          owners.push(s.code)
          weights.push(weight)
        }
      }
      // Chunked so one statement stays a reasonable size on large catalogs.
      const CHUNK = 20_000
      for (let i = 0; i < terms.length; i += CHUNK) {
        await tx.query(
          'INSERT INTO search_postings (term, service_code, weight) SELECT * FROM unnest($1::text[], $2::text[], $3::real[])',
          [terms.slice(i, i + CHUNK), owners.slice(i, i + CHUNK), weights.slice(i, i + CHUNK)],
        )
      }
    },

    /** Sets each item's sort to its position in `codes` where it differs. */
    async updateSort(codes: string[], tx: Queryable = db): Promise<void> {
      await tx.query(
        `UPDATE services s SET sort = v.pos - 1
         FROM unnest($1::text[]) WITH ORDINALITY AS v(code, pos)
         WHERE s.code = v.code AND s.sort <> v.pos - 1`,
        [codes],
      )
    },

    /** Marks items missing from the data as withdrawn and drops them from the index; returns their codes. */
    async withdrawMissing(codes: string[], tx: Queryable = db): Promise<string[]> {
      const r = await tx.query<{ code: string }>(
        `UPDATE services SET status = 'withdrawn', updated_at = now()
         WHERE status = 'active' AND NOT (code = ANY($1::text[])) RETURNING code`,
        [codes],
      )
      const gone = r.rows.map((row) => row.code)
      if (gone.length) await tx.query('DELETE FROM search_postings WHERE service_code = ANY($1::text[])', [gone])
      return gone
    },

    /** Recomputes document frequencies and each term's posting lists (what a node loads into memory) after the index changed. */
    async refreshTermStats(tx: Queryable = db): Promise<void> {
      await tx.query('DELETE FROM search_terms')
      // Room to group in memory (this transaction only): with the default 4 MB PostgreSQL reads millions of postings in
      // index order instead, which took 60 s at 20,000 items on the bench machine (17 s this way).
      await tx.query(`SET LOCAL work_mem = '256MB'`)
      await tx.query(
        `INSERT INTO search_terms (term, df, codes, weights)
         SELECT term, count(*), array_agg(service_code), array_agg(weight) FROM search_postings GROUP BY term`,
      )
    },

    async upsertBundle(
      b: { code: string; name: string; description: string; audience: Audience; items: string[]; sharedMaterials: string[]; sort: number },
      tx: Queryable = db,
    ): Promise<boolean> {
      const before = await tx.query<{ v: string }>(
        `SELECT json_build_object('b', row_to_json(b), 'items', ARRAY(SELECT service_code FROM bundle_items WHERE bundle_code = b.code ORDER BY position))::text AS v
         FROM (SELECT code, name, description, audience, shared_materials, status, sort FROM bundles WHERE code = $1) b`,
        [b.code],
      )
      await tx.query(
        `INSERT INTO bundles (code, name, description, audience, shared_materials, status, sort)
         VALUES ($1, $2, $3, $4, $5::jsonb, 'active', $6)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, audience = EXCLUDED.audience,
           shared_materials = EXCLUDED.shared_materials, status = 'active', sort = EXCLUDED.sort`,
        [b.code, b.name, b.description, b.audience, JSON.stringify(b.sharedMaterials), b.sort],
      )
      await tx.query('DELETE FROM bundle_items WHERE bundle_code = $1', [b.code])
      await tx.query(
        `INSERT INTO bundle_items (bundle_code, service_code, position)
         SELECT $1, code, pos FROM unnest($2::text[]) WITH ORDINALITY AS t(code, pos)`,
        [b.code, b.items],
      )
      const after = await tx.query<{ v: string }>(
        `SELECT json_build_object('b', row_to_json(b), 'items', ARRAY(SELECT service_code FROM bundle_items WHERE bundle_code = b.code ORDER BY position))::text AS v
         FROM (SELECT code, name, description, audience, shared_materials, status, sort FROM bundles WHERE code = $1) b`,
        [b.code],
      )
      return before.rows[0]?.v !== after.rows[0]?.v
    },

    async withdrawMissingBundles(codes: string[], tx: Queryable = db): Promise<number> {
      const r = await tx.query(`UPDATE bundles SET status = 'withdrawn' WHERE status = 'active' AND NOT (code = ANY($1::text[]))`, [codes])
      return r.rowCount
    },

    async replaceSynonyms(rows: { term: string; kind: 'typo' | 'expand'; expansions: string[] }[], tx: Queryable = db): Promise<void> {
      await tx.query('DELETE FROM search_synonyms')
      for (const row of rows) {
        await tx.query('INSERT INTO search_synonyms (term, kind, expansions) VALUES ($1, $2, $3::text[])', [row.term, row.kind, row.expansions])
      }
    },

    async departmentNames(tx: Queryable = db): Promise<Map<string, string>> {
      const r = await tx.query<{ code: string; name: string; short_name: string | null }>('SELECT code, name, short_name FROM departments')
      return new Map(r.rows.map((row) => [row.code, [row.name, row.short_name].filter(Boolean).join(' ')]))
    },

    async getMeta(key: string, tx: Queryable = db): Promise<string | null> {
      const r = await tx.query<{ value: string }>('SELECT value FROM app_meta WHERE key = $1', [key])
      return r.rows[0]?.value ?? null
    },

    async setMeta(key: string, value: string, tx: Queryable = db): Promise<void> {
      await tx.query(
        'INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
        [key, value],
      )
    },
  }
}

export type ServicesRepo = ReturnType<typeof createServicesRepo>
