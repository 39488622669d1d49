// A throwaway PostgreSQL database on DATABASE_URL's server for tests that start the real server or the backup
// commands as child processes (they need a connection string, not an open Db).
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export interface ThrowawayDatabase {
  url: string
  drop(): Promise<void>
}

async function onAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** Creates onestop_test_<random> next to DATABASE_URL's database; drop() removes it (connections and all). */
export async function throwawayPostgres(adminUrl: string): Promise<ThrowawayDatabase> {
  const name = `onestop_test_${randomBytes(6).toString('hex')}`
  await onAdmin(adminUrl, `CREATE DATABASE ${name}`)
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  return { url: u.toString(), drop: () => onAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}
