// The database drivers' named statements: the same answers on PGlite and PostgreSQL, and on PostgreSQL the statement
// stays prepared on the connection (parsed and planned once) inside and outside transactions.
import type { Db } from '../../server/db'
import { databases } from './helpers'

describe.each(databases())('named statements on $name', ({ name, open }) => {
  let db: Db
  beforeAll(async () => {
    db = await open()
    await db.exec('CREATE TABLE t (id integer PRIMARY KEY, label text NOT NULL); INSERT INTO t VALUES (1, $$一$$), (2, $$二$$)')
  })
  afterAll(async () => db?.close())

  const SQL = 'SELECT label FROM t WHERE id = $1'

  it('answers like an unnamed statement, call after call, with different parameters', async () => {
    for (const [id, label] of [[1, '一'], [2, '二'], [1, '一']] as const) {
      expect((await db.query<{ label: string }>(SQL, [id], { prepare: 'test.label' })).rows).toEqual([{ label }])
    }
    expect((await db.query(SQL, [3], { prepare: 'test.label' })).rowCount).toBe(0)
  })

  it('keeps the statement prepared on the connection; a transaction can use it too', async () => {
    const prepared = await db.transaction(async (tx) => {
      expect((await tx.query<{ label: string }>(SQL, [2], { prepare: 'test.label' })).rows).toEqual([{ label: '二' }])
      return (await tx.query<{ name: string }>('SELECT name FROM pg_prepared_statements')).rows.map((r) => r.name)
    })
    if (name === 'postgres') expect(prepared).toContain('test.label')
    else expect(prepared).not.toContain('test.label') // PGlite ignores the name
  })
})
