import { describe, expect, it } from 'vitest'

import { Db } from '../../../shared/engine/db'
import { migrate } from '../../../shared/engine/migrations'
import { insertExport, lastExport } from '../../../shared/engine/tables/exports'
import { unlistedMastersSql } from '../../../shared/engine/tables/master-rows'
import { metaValue, setMetaValue } from '../../../shared/engine/tables/meta'
import {
  activeMasterSource,
  activeSourceIds,
  activeSourceOfSha,
  coverageCountsSql,
  deactivateSources,
  insertSource,
  sourceWithSha
} from '../../../shared/engine/tables/sources'
import { inJson, joinSql, raw, type Sql, sql } from '../../../shared/engine/tables/sql'
import { niksInSeveralFilesSql } from '../../../shared/engine/tables/village-rows'
import { loadSql } from '../helpers/engine'

const workspaceDb = async () => {
  const SQL = await loadSql()
  const db = new Db(new SQL.Database())
  migrate(db)
  return db
}

const planOf = (db: Db, q: Sql) => db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${q}`).map((r) => r.detail)

describe('sql template', () => {
  it('binds every value as a parameter and inlines fragments with theirs, in order', () => {
    const q = sql`SELECT * FROM t WHERE a = ${1} AND ${sql`b = ${'x'}`} AND c ${inJson(['p', 'q'])} AND d IS ${null}`
    expect(q.text).toBe('SELECT * FROM t WHERE a = ? AND b = ? AND c IN (SELECT value FROM json_each(?)) AND d IS ?')
    expect(q.params).toEqual([1, 'x', '["p","q"]', null])
  })

  it('puts fixed text in as written and joins fragments', () => {
    const q = sql`SELECT ${raw('id, nik')} FROM t WHERE ${joinSql([sql`a = ${2}`, raw('b = 0'), sql`c = ${3}`], ' AND ')}`
    expect(q.text).toBe('SELECT id, nik FROM t WHERE a = ? AND b = 0 AND c = ?')
    expect(q.params).toEqual([2, 3])
  })

  it('is accepted by Db next to text and parameters, with the same results', async () => {
    const db = await workspaceDb()
    db.run(sql`INSERT INTO meta (key, value) VALUES (${'k1'}, ${'v1'})`)
    db.run('INSERT INTO meta (key, value) VALUES (?, ?)', ['k2', 'v2'])
    expect(db.get(sql`SELECT value FROM meta WHERE key = ${'k2'}`)).toEqual(db.get('SELECT value FROM meta WHERE key = ?', ['k2']))
    expect(db.all(sql`SELECT key FROM meta WHERE key ${inJson(['k1', 'k2', 'k3'])} ORDER BY key`)).toEqual([{ key: 'k1' }, { key: 'k2' }])
    expect(db.column(sql`SELECT value FROM meta WHERE key LIKE ${'k%'} ORDER BY key`)).toEqual(['v1', 'v2'])
  })

  it('keeps a value that looks like SQL a value', async () => {
    const db = await workspaceDb()
    const hostile = "x'; DROP TABLE meta; --"
    db.run(sql`INSERT INTO meta (key, value) VALUES (${hostile}, ${hostile})`)
    expect(db.column(sql`SELECT value FROM meta WHERE key = ${hostile}`)).toEqual([hostile])
    expect(db.column(`SELECT name FROM sqlite_master WHERE name = 'meta'`)).toEqual(['meta'])
  })
})

describe('table queries keep their plans', () => {
  it('coverage looks village rows up by NIK, not by file (a scan per person: 54 s at 200,000)', async () => {
    const db = await workspaceDb()
    const plan = planOf(db, coverageCountsSql(1)).join('\n')
    expect(plan).toMatch(/SEARCH v .*INDEX village_nik \(nik=\?\)/)
    expect(plan).not.toMatch(/INDEX village_source/)
  })

  it('NIKs held in several files are looked up by NIK, not by reading the active files (an edit at 200,000)', async () => {
    const db = await workspaceDb()
    const plan = planOf(db, niksInSeveralFilesSql(['3404051205800001'])).join('\n')
    expect(plan).toMatch(/SEARCH v USING INDEX village_nik \(nik=\?\)/)
    expect(plan).not.toMatch(/INDEX village_source/)
  })

  it('master people missing from the lists are looked up by NIK first when NIKs are given', async () => {
    const db = await workspaceDb()
    expect(planOf(db, unlistedMastersSql(['SUMBERADI'], ['3404051205800001'])).join('\n')).toMatch(/SEARCH m USING INDEX master_nik/)
    expect(planOf(db, unlistedMastersSql(['SUMBERADI'], null)).join('\n')).toMatch(/SEARCH m USING INDEX master_desa/)
  })
})

describe('named queries', () => {
  it('sources: a file added, found by its bytes while active, gone from the active ones when replaced', async () => {
    const db = await workspaceDb()
    const file = {
      kind: 'master' as const,
      file_name: 'induk.xlsx',
      sha256: 'abc',
      format: 'xlsx',
      sheet: 'S',
      header_row: 1,
      row_count: 3,
      desa: '',
      desa_key: '',
      mapping: '[]',
      warnings: '[]',
      imported_at: 't',
      imported_by: 'o',
      replaces: null
    }
    const id = insertSource(db, file)
    expect(activeSourceOfSha(db, 'abc', 'master')).toEqual({ id })
    expect(activeSourceOfSha(db, 'abc', 'village')).toBeUndefined()
    expect(activeMasterSource(db)).toEqual({ file_name: 'induk.xlsx', sha256: 'abc', row_count: 3 })
    expect(activeSourceIds(db, 'master')).toEqual([id])
    deactivateSources(db, [id])
    expect(activeSourceIds(db, 'master')).toEqual([])
    expect(activeMasterSource(db)).toBeUndefined()
    expect(sourceWithSha(db, 'abc')).toBe(true)
    expect(sourceWithSha(db, 'def')).toBe(false)
  })

  it('meta and exports: a setting replaced in place, the newest package by sequence', async () => {
    const db = await workspaceDb()
    setMetaValue(db, 'operator', 'Sri')
    setMetaValue(db, 'operator', 'Budi')
    expect(metaValue(db, 'operator')).toBe('Budi')
    expect(metaValue(db, 'nothing')).toBeUndefined()
    expect(lastExport(db)).toBeUndefined()
    insertExport(db, { seq: 2, at: 't2', by: 'o', file_name: 'b.zip', package_sha256: 'h2', desa: '[]', changes: 0 })
    insertExport(db, { seq: 1, at: 't1', by: 'o', file_name: 'a.zip', package_sha256: 'h1', desa: '[]', changes: 0 })
    expect(lastExport(db)).toEqual({ seq: 2, package_sha256: 'h2' })
  })
})
