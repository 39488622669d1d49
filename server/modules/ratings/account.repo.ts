// SQL of the ratings module's account hooks: the export of a resident's ratings and the erasure that unlinks them.
import type { Queryable } from '../../db'

export const accountRepo = {
  async exportRows(q: Queryable, userId: string): Promise<unknown[]> {
    const r = await q.query(
      `SELECT rt.subject_kind AS "subjectKind", rt.subject_id AS "subjectId", rt.level, rt.indicators, rt.comment, rt.resolved,
              rt.is_default AS "isDefault", rt.rated_at AS "ratedAt",
              x.result AS "rectificationResult", x.verdict AS "rectificationVerdict"
         FROM ratings rt LEFT JOIN rating_rectifications x ON x.subject_kind = rt.subject_kind AND x.rating_ref = rt.id::text
        WHERE rt.user_id = $1 ORDER BY rt.rated_at`,
      [userId],
    )
    return r.rows
  },

  /** Keeps level, indicators and dates (the figures); drops comment, photo and who rated. */
  async anonymise(q: Queryable, userId: string): Promise<void> {
    await q.query('UPDATE ratings SET user_id = NULL, comment = NULL, photo_id = NULL WHERE user_id = $1', [userId])
    await q.query('UPDATE rating_rectifications SET user_id = NULL WHERE user_id = $1', [userId])
  },
}
