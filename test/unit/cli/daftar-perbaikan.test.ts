/** `cermat daftar-perbaikan` as users run it: the built bin in a child process, on a workspace of the demo set. */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'

const ROOT = resolve(import.meta.dirname, '../../..')
const DEMO = join(ROOT, 'resources/demo')
const villages = readdirSync(join(DEMO, 'desa'))
  .sort()
  .map((f) => join(DEMO, 'desa', f))
const tmp = mkdtempSync(join(tmpdir(), 'cermat-daftar-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function cermat(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cermat.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, CERMAT_HOME: join(tmp, 'home') }
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('cermat daftar-perbaikan', () => {
  const ws = join(tmp, 'ws')
  const imported = cermat(['import', '--workspace', ws, '--master', join(DEMO, 'master-dtsen.xlsx'), ...villages])

  it('writes the list of one desa to the file named, its NIKs as 16-digit text', () => {
    expect(imported.code).toBe(0)
    const file = join(tmp, 'sumberadi.xlsx')
    const run = cermat(['daftar-perbaikan', '--workspace', ws, '--desa', 'sumberadi', '--out', file])
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    expect(run.out).toContain(`Daftar perbaikan ditulis: ${file}`)
    expect(run.out).toMatch(/SUMBERADI: \d+ baris perlu diperbaiki, \d+ orang tidak ada di daftar desa/)

    const wb = XLSX.read(readFileSync(file), { type: 'buffer' })
    expect(wb.SheetNames).toEqual(['SUMBERADI'])
    const sheet = wb.Sheets.SUMBERADI!
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, defval: '' })
    const head = rows.findIndex((r) => r[0] === 'Baris di file')
    const header = rows[head]!
    expect(header.at(-2)).toBe('Masalah')
    expect(header.at(-1)).toBe('Perbaikan (diisi desa)')
    const nikCol = header.indexOf('NOMOR INDUK KEPENDUDUKAN')
    expect(nikCol).toBeGreaterThan(0)
    const cellAt = (r: number, c: number) => sheet[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject
    const niks = rows.slice(head + 1).filter((r) => /^\d{16}$/.test(String(r[nikCol])))
    expect(niks.length).toBeGreaterThan(0)
    expect(cellAt(head + 1 + rows.slice(head + 1).indexOf(niks[0]!), nikCol).t).toBe('s')
    // Every listed row says what is wrong.
    for (const r of rows.slice(head + 1)) {
      if (r[0] === '') break
      expect(r.at(-2)).not.toBe('')
    }
  })

  it('all desa: one sheet each, into a folder under the suggested name', () => {
    const dir = join(tmp, 'out')
    mkdirSync(dir)
    const run = cermat(['daftar-perbaikan', '--workspace', ws, '--out', dir])
    expect(run.code).toBe(0)
    const [name] = readdirSync(dir)
    expect(name).toMatch(/^daftar-perbaikan-.+-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const wb = XLSX.read(readFileSync(join(dir, name!)), { type: 'buffer' })
    expect(wb.SheetNames).toEqual(['SUMBERADI', 'TIRTOADI', 'TLOGOADI'])
  })

  it('refuses an unknown desa, a folder without a workspace and a missing --out', () => {
    const unknown = cermat(['daftar-perbaikan', '--workspace', ws, '--desa', 'Sumberado', '--out', join(tmp, 'x.xlsx')])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain('Desa "Sumberado" tidak ada di data induk maupun di file desa ruang kerja ini.')
    const none = cermat(['daftar-perbaikan', '--workspace', join(tmp, 'nothing'), '--out', join(tmp, 'y.xlsx')])
    expect(none.code).toBe(1)
    expect(none.err).toContain('Ruang kerja tidak ditemukan')
    expect(readdirSync(tmp)).not.toContain('nothing')
    const usage = cermat(['daftar-perbaikan', '--workspace', ws])
    expect(usage.code).toBe(2)
    expect(usage.err).toContain('--out <file.xlsx>')
  })
})
