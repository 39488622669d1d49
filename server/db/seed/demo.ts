// Demo data, loaded only when DEMO=1: sample staff, bookings and requests will be added here by later features.
import type { Db } from '../types'

/** Marks the database as a demo one; idempotent. */
export async function seedDemo(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO app_meta (key, value) VALUES ('demo', '1')
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    )
  })
}
