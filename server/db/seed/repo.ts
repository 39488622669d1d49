// SQL of the seed loaders that no module repo owns: halls and their services, the demo marker, demo staff and the
// demo requests' check.
import type { StaffRole } from '@contract/auth'
import type { HallRow } from '../../modules/appointments/rows.repo'
import type { Queryable } from '../types'

/** A hall as halls.json gives it (its opening rules as written there). */
export type HallWrite = Omit<HallRow, 'opening'> & { opening: unknown; sort: number }

export function createSeedRepo(db: Queryable) {
  return {
    async bookableServices(): Promise<{ code: string; department_code: string }[]> {
      return (await db.query<{ code: string; department_code: string }>(`SELECT code, department_code FROM services WHERE status = 'active' AND bookable`)).rows
    },

    async serviceCodes(): Promise<Set<string>> {
      return new Set((await db.query<{ code: string }>('SELECT code FROM services')).rows.map((r) => r.code))
    },

    async departmentCodes(): Promise<Set<string>> {
      return new Set((await db.query<{ code: string }>('SELECT code FROM departments')).rows.map((r) => r.code))
    },

    async upsertHall(h: HallWrite): Promise<void> {
      await db.query(
        `INSERT INTO halls (id, name, district, address, lat, lng, phone, hours, opening, sort, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'active')
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, district = EXCLUDED.district, address = EXCLUDED.address,
           lat = EXCLUDED.lat, lng = EXCLUDED.lng, phone = EXCLUDED.phone, hours = EXCLUDED.hours, opening = EXCLUDED.opening,
           sort = EXCLUDED.sort, status = 'active'`,
        [h.id, h.name, h.district, h.address, h.lat, h.lng, h.phone, h.hours, JSON.stringify(h.opening), h.sort],
      )
    },

    /** The hall handles exactly `codes`, each at its capacity per slot. */
    async setHallServices(hallId: string, codes: string[], capacities: number[]): Promise<void> {
      await db.query(`DELETE FROM hall_services WHERE hall_id = $1 AND NOT (service_code = ANY($2::text[]))`, [hallId, codes])
      await db.query(
        `INSERT INTO hall_services (hall_id, service_code, capacity)
         SELECT $1, c, n FROM unnest($2::text[], $3::int[]) AS t(c, n)
         ON CONFLICT (hall_id, service_code) DO UPDATE SET capacity = EXCLUDED.capacity`,
        [hallId, codes, capacities],
      )
    },

    /** Halls not in `ids` are withdrawn (kept for old bookings). */
    async withdrawHallsExcept(ids: string[]): Promise<void> {
      await db.query(`UPDATE halls SET status = 'withdrawn' WHERE NOT (id = ANY($1::text[]))`, [ids])
    },

    async markDemo(): Promise<void> {
      await db.query(
        `INSERT INTO app_meta (key, value) VALUES ('demo', '1')
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      )
    },

    /** Adds a staff account unless the username exists or its department is not loaded yet. */
    async addDemoStaff(s: { username: string; displayName: string; passwordHash: string; role: StaffRole; departmentCode: string | null; hallId: string | null; now: Date }): Promise<void> {
      await db.query(
        `INSERT INTO staff (username, display_name, password_hash, role, department_code, hall_id, created_at, updated_at)
         SELECT $1, $2, $3, $4, $5::text, $6, $7, $7
          WHERE $5::text IS NULL OR EXISTS (SELECT 1 FROM departments WHERE code = $5::text)
         ON CONFLICT (username) DO NOTHING`,
        [s.username, s.displayName, s.passwordHash, s.role, s.departmentCode, s.hallId, s.now],
      )
    },

    async demoRequestsLoaded(): Promise<boolean> {
      return ((await db.query(`SELECT 1 FROM requests WHERE idempotency_scope = 'hotline:demo' LIMIT 1`)).rowCount ?? 0) > 0
    },

    async staffByUsernames(usernames: string[]) {
      const r = await db.query<{ id: string; username: string; display_name: string; role: StaffRole; department_code: string | null }>(
        `SELECT id, username, display_name, role, department_code FROM staff WHERE username = ANY($1::text[])`,
        [usernames],
      )
      return r.rows
    },
  }
}
