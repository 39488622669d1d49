// Many real-name residents with sessions at once, written straight to the database: for booking storms, the two-node
// test and the mixed-load bench (no jest globals here, so bench/ can import it too).
import { newToken, tokenHash } from '../../server/crypto'
import type { Db } from '../../server/db'

/** n real-name (level 2) residents with sessions, inserted in two statements (storms, two-node tests, benches). */
export async function bulkResidents(db: Db, n: number, now: Date = new Date()): Promise<{ id: string; token: string }[]> {
  const users = await db.query<{ id: string }>(
    `INSERT INTO users (level, id_number_hmac, created_at)
     SELECT 2, md5(random()::text || g::text || clock_timestamp()::text), $2 FROM generate_series(1, $1) g RETURNING id`,
    [n, now],
  )
  const tokens = users.rows.map(() => newToken())
  await db.query(
    `INSERT INTO sessions (token_hash, kind, user_id, provider, created_at, expires_at, last_seen_at)
     SELECT h, 'resident', u, 'sms', $3, $4, $3 FROM unnest($1::text[], $2::uuid[]) AS t(h, u)`,
    [tokens.map(tokenHash), users.rows.map((u) => u.id), now, new Date(now.getTime() + 30 * 86_400_000)],
  )
  return users.rows.map((u, i) => ({ id: u.id, token: tokens[i] }))
}
