// Tests for GET /api/health: version, database kind and migration level read from the database.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { HealthResponse } from '@contract/health'
import { buildApp } from '../../server/app'
import type { Db } from '../../server/db'
import { MIGRATIONS_DIR } from '../../server/db/migrate'
import { databases, prepareDatabase, inject, testConfig, type Served } from './helpers'

const MIGRATION_FILES = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{3}_.+\.sql$/.test(f))
const VERSION = (JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version

describe.each(databases())('GET /api/health on $name', ({ name, open }) => {
  let db: Db
  let http: Served
  beforeAll(async () => {
    db = await prepareDatabase(await open())
    http = await inject(await buildApp({ config: testConfig(), db, logger: false }))
  })
  afterAll(async () => {
    await http?.close()
    await db?.close()
  })

  it('answers 200 with version, database kind and migration level', async () => {
    const res = await http.request('/api/health')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    const body = res.json<HealthResponse>()
    expect(body).toEqual({
      status: 'ok',
      version: VERSION,
      database: { kind: name, migration: MIGRATION_FILES.length },
      time: expect.any(String),
    })
    expect(Math.abs(Date.parse(body.time) - Date.now())).toBeLessThan(60_000)
  })

  it('reports the level the database holds, not the files on disk', async () => {
    await db.query('INSERT INTO schema_migrations (version, name) VALUES (999, $1)', ['pretend'])
    try {
      const res = await http.request('/api/health')
      expect(res.json<HealthResponse>().database.migration).toBe(999)
    } finally {
      await db.query('DELETE FROM schema_migrations WHERE version = 999')
    }
  })

  it('uses the version it was given', async () => {
    const other = await inject(await buildApp({ config: testConfig(), db, logger: false, version: '9.9.9-test' }))
    try {
      expect((await other.request('/api/health')).json<HealthResponse>().version).toBe('9.9.9-test')
    } finally {
      await other.close()
    }
  })
})
