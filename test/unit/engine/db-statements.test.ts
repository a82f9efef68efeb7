import { describe, expect, it } from 'vitest'

import { Db } from '../../../shared/engine/db'
import { sql } from '../../../shared/engine/tables/sql'
import { loadSql } from '../helpers/engine'

// Db keeps statements prepared between calls: each must behave exactly as a freshly prepared one.
async function db(): Promise<Db> {
  const SQL = await loadSql()
  const d = new Db(new SQL.Database())
  d.run(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`)
  return d
}

describe('kept statements', () => {
  it('give each call its own parameters, no value left bound from the call before', async () => {
    const d = await db()
    const insert = `INSERT INTO t (id, v) VALUES (?, ?)`
    d.run(insert, [1, 'a'])
    d.run(insert, [2, null])
    d.run(sql`INSERT INTO t (id, v) VALUES (${3}, ${'c'})`)
    expect(d.all(`SELECT id, v FROM t ORDER BY id`)).toEqual([
      { id: 1, v: 'a' },
      { id: 2, v: null },
      { id: 3, v: 'c' }
    ])
    expect(d.get(`SELECT v FROM t WHERE id = ?`, [3])).toEqual({ v: 'c' })
    expect(d.get(`SELECT v FROM t WHERE id = ?`, [9])).toBeUndefined()
    expect(d.column(`SELECT id FROM t WHERE id > ? ORDER BY id`, [1])).toEqual([2, 3])
  })

  it('leave no read open: a get that stops at the first row does not block a rollback or a table change', async () => {
    const d = await db()
    d.run(`INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b')`)
    await expect(
      d.transaction(() => {
        d.run(`UPDATE t SET v = 'x'`)
        expect(d.get(`SELECT v FROM t ORDER BY id`)).toEqual({ v: 'x' })
        throw new Error('undo')
      })
    ).rejects.toThrow('undo')
    expect(d.column(`SELECT v FROM t ORDER BY id`)).toEqual(['a', 'b'])
    d.run(`DROP TABLE t`)
    expect(d.column(`SELECT name FROM sqlite_master WHERE type = 'table'`)).toEqual([])
  })

  it('still work after an export (sql.js reopens the database to export it) and the image holds every write', async () => {
    const d = await db()
    const insert = `INSERT INTO t (id, v) VALUES (?, ?)`
    d.run(insert, [1, 'a'])
    const image = d.export()
    d.run(insert, [2, 'b'])
    expect(d.column(`SELECT v FROM t ORDER BY id`)).toEqual(['a', 'b'])
    const SQL = await loadSql()
    expect(new Db(new SQL.Database(image)).column(`SELECT v FROM t ORDER BY id`)).toEqual(['a'])
  })

  it('a failing statement leaves the next call working', async () => {
    const d = await db()
    const insert = `INSERT INTO t (id, v) VALUES (?, ?)`
    d.run(insert, [1, 'a'])
    expect(() => d.run(insert, [1, 'again'])).toThrow(/UNIQUE/)
    d.run(insert, [2, 'b'])
    expect(d.column(`SELECT v FROM t ORDER BY id`)).toEqual(['a', 'b'])
  })

  it('hundreds of different statements (more than are kept) all run right', async () => {
    const d = await db()
    for (let i = 0; i < 300; i++) d.run(`INSERT INTO t (id, v) VALUES (${i}, ?)`, [`v${i}`])
    for (let i = 0; i < 300; i += 37) expect(d.get(`SELECT v FROM t WHERE id = ${i}`)).toEqual({ v: `v${i}` })
    expect(d.column(`SELECT COUNT(*) FROM t`)).toEqual([300])
  })
})
