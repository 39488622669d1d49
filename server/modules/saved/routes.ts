// 我的收藏 and 最近浏览 for signed-in residents: GET /api/me/saved, PUT|DELETE /api/me/favourites/:code,
// POST /api/me/recent, DELETE /api/me/recent, POST /api/me/saved/merge (the device's lists at sign-in or after being offline).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody } from '@contract/common'
import { SavedCodeParams, SavedLists, SavedMergeBody, type SavedItem } from '@contract/saved'
import { Type } from '@sinclair/typebox'
import { residentOf } from '../../auth'
import type { Queryable } from '../../db'
import { AppError } from '../../errors'
import { USER_ERASE_HOOKS, USER_EXPORT_SECTIONS, USER_MERGE_SQL } from '../identity/repo'

export const RECENT_MAX = 20

// On an account merge the kept account takes the union; for the same item the earlier save / later view wins.
USER_MERGE_SQL.push(
  `WITH moved AS (DELETE FROM saved_favourites WHERE user_id = $1 RETURNING service_code, saved_at)
   INSERT INTO saved_favourites (user_id, service_code, saved_at) SELECT $2, service_code, saved_at FROM moved
   ON CONFLICT (user_id, service_code) DO UPDATE SET saved_at = LEAST(saved_favourites.saved_at, EXCLUDED.saved_at)`,
  `WITH moved AS (DELETE FROM saved_recent WHERE user_id = $1 RETURNING service_code, viewed_at)
   INSERT INTO saved_recent (user_id, service_code, viewed_at) SELECT $2, service_code, viewed_at FROM moved
   ON CONFLICT (user_id, service_code) DO UPDATE SET viewed_at = GREATEST(saved_recent.viewed_at, EXCLUDED.viewed_at)`,
)

async function lists(db: Queryable, userId: string): Promise<SavedLists> {
  const read = async (table: 'saved_favourites' | 'saved_recent', at: 'saved_at' | 'viewed_at', limit: number): Promise<SavedItem[]> => {
    const r = await db.query<{ code: string; name: string; department: string; at: Date }>(
      `SELECT s.code, s.name, d.name AS department, x.${at} AS at
         FROM ${table} x JOIN services s ON s.code = x.service_code JOIN departments d ON d.code = s.department_code
        WHERE x.user_id = $1 AND s.status = 'active'
        ORDER BY x.${at} DESC, s.code LIMIT ${limit}`,
      [userId],
    )
    return r.rows.map((row) => ({ code: row.code, name: row.name, department: row.department, at: row.at.getTime() }))
  }
  return { favourites: await read('saved_favourites', 'saved_at', 500), recent: await read('saved_recent', 'viewed_at', RECENT_MAX) }
}

USER_EXPORT_SECTIONS.push({ name: '收藏与最近浏览', collect: lists })
USER_ERASE_HOOKS.push(async (tx, userId) => {
  await tx.query('DELETE FROM saved_favourites WHERE user_id = $1', [userId])
  await tx.query('DELETE FROM saved_recent WHERE user_id = $1', [userId])
})

async function trimRecent(db: Queryable, userId: string): Promise<void> {
  await db.query(
    `DELETE FROM saved_recent WHERE user_id = $1 AND service_code NOT IN (
       SELECT service_code FROM saved_recent WHERE user_id = $1 ORDER BY viewed_at DESC, service_code LIMIT ${RECENT_MAX})`,
    [userId],
  )
}

/** Codes of `codes` that are active catalog items. */
async function knownCodes(db: Queryable, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set()
  const r = await db.query<{ code: string }>(`SELECT code FROM services WHERE code = ANY($1::text[]) AND status = 'active'`, [codes])
  return new Set(r.rows.map((row) => row.code))
}

const savedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const guarded = { preHandler: app.requireResident }
  const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody }
  const mustExist = async (code: string) => {
    if (!(await knownCodes(app.db, [code])).has(code)) throw new AppError(404, 'SERVICE_NOT_FOUND', '没有找到这个办事事项，可能已调整或停办')
  }

  app.get('/api/me/saved', { ...guarded, schema: { tags: ['me'], summary: '我的收藏与最近浏览', response: { 200: SavedLists, 401: ErrorBody } } }, async (request) =>
    lists(app.db, residentOf(request).userId),
  )

  app.put(
    '/api/me/favourites/:code',
    { ...guarded, schema: { tags: ['me'], summary: '收藏一个事项', params: SavedCodeParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await mustExist(request.params.code)
      await app.db.query(
        `INSERT INTO saved_favourites (user_id, service_code, saved_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, service_code) DO NOTHING`,
        [residentOf(request).userId, request.params.code, app.clock()],
      )
      return reply.code(204).send(null)
    },
  )

  app.delete(
    '/api/me/favourites/:code',
    { ...guarded, schema: { tags: ['me'], summary: '取消收藏', params: SavedCodeParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await app.db.query('DELETE FROM saved_favourites WHERE user_id = $1 AND service_code = $2', [residentOf(request).userId, request.params.code])
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/me/recent',
    { ...guarded, schema: { tags: ['me'], summary: '记录最近浏览', body: SavedCodeParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const userId = residentOf(request).userId
      await mustExist(request.body.code)
      await app.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO saved_recent (user_id, service_code, viewed_at) VALUES ($1, $2, $3)
           ON CONFLICT (user_id, service_code) DO UPDATE SET viewed_at = EXCLUDED.viewed_at`,
          [userId, request.body.code, app.clock()],
        )
        await trimRecent(tx, userId)
      })
      return reply.code(204).send(null)
    },
  )

  app.delete('/api/me/recent', { ...guarded, schema: { tags: ['me'], summary: '清空最近浏览', response: { 204: Type.Null(), 401: ErrorBody } } }, async (request, reply) => {
    await app.db.query('DELETE FROM saved_recent WHERE user_id = $1', [residentOf(request).userId])
    return reply.code(204).send(null)
  })

  app.post(
    '/api/me/saved/merge',
    { ...guarded, schema: { tags: ['me'], summary: '合并本机的收藏与最近浏览到账号', body: SavedMergeBody, response: { 200: SavedLists, 400: ErrorBody, 401: ErrorBody } } },
    async (request) => {
      const userId = residentOf(request).userId
      const { favourites, recent, removedFavourites = [] } = request.body
      // The device's clock is not trusted beyond "now": a mark from the future counts as now.
      const now = app.clock().getTime()
      const at = (ms: number) => new Date(Math.min(ms, now))
      const known = await knownCodes(app.db, [...favourites, ...recent].map((m) => m.code))
      await app.db.transaction(async (tx) => {
        if (removedFavourites.length) {
          await tx.query('DELETE FROM saved_favourites WHERE user_id = $1 AND service_code = ANY($2::text[])', [userId, removedFavourites])
        }
        const removed = new Set(removedFavourites)
        const favs = favourites.filter((f) => known.has(f.code) && !removed.has(f.code))
        const views = recent.filter((v) => known.has(v.code))
        // One statement per list; DISTINCT ON keeps one mark per item (the earliest save, the latest view).
        if (favs.length) {
          await tx.query(
            `INSERT INTO saved_favourites (user_id, service_code, saved_at)
             SELECT DISTINCT ON (code) $1::uuid, code, at FROM unnest($2::text[], $3::timestamptz[]) AS m(code, at) ORDER BY code, at
             ON CONFLICT (user_id, service_code) DO UPDATE SET saved_at = LEAST(saved_favourites.saved_at, EXCLUDED.saved_at)`,
            [userId, favs.map((f) => f.code), favs.map((f) => at(f.at))],
          )
        }
        if (views.length) {
          await tx.query(
            `INSERT INTO saved_recent (user_id, service_code, viewed_at)
             SELECT DISTINCT ON (code) $1::uuid, code, at FROM unnest($2::text[], $3::timestamptz[]) AS m(code, at) ORDER BY code, at DESC
             ON CONFLICT (user_id, service_code) DO UPDATE SET viewed_at = GREATEST(saved_recent.viewed_at, EXCLUDED.viewed_at)`,
            [userId, views.map((v) => v.code), views.map((v) => at(v.at))],
          )
        }
        await trimRecent(tx, userId)
      })
      return lists(app.db, userId)
    },
  )
}

export default savedRoutes
