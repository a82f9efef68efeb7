/** The full check of one scenario against its own bytes: every label, and every unlabelled row. */
import { expect } from 'vitest'

import {
  type ColumnKey,
  decodeNik,
  type Label,
  type Scenario,
  type VillageFileSpec,
  writeVillageFile
} from '../../fixtures/generator/index.mts'
import { canonicalLabelValue, canonicalOf, cellText, differences, readRow } from './normalise'
import { type ReadFile, readVillageBytes } from './read-back'
import {
  CHILD,
  diffPositions,
  expectExplained,
  HEAD,
  householdReference,
  KK_LABEL_CODES,
  NIK_CONSISTENCY,
  nikReference,
  type ReadRowAt,
  typoNeighbours
} from './reference-rules'

interface ReadBack {
  spec: VillageFileSpec
  file: ReadFile
  rows: ReadRowAt[]
}

export function checkScenario(s: Scenario): { checkedLabels: number } {
  const byNik = new Map(s.master.map((p) => [p.nik, p]))
  const labelsByFile = new Map<string, Map<number, Label[]>>()
  for (const l of s.labels) {
    if (l.file === null || l.row === null) continue
    const m = labelsByFile.get(l.file) ?? new Map<number, Label[]>()
    m.set(l.row, [...(m.get(l.row) ?? []), l])
    labelsByFile.set(l.file, m)
  }
  // every file written and read back first: some labels look at other files
  const readBack: ReadBack[] = s.villageFiles.map((spec) => {
    const { fileName, bytes } = writeVillageFile(s, spec)
    expect(fileName).toBe(spec.fileName)
    const file = readVillageBytes(spec, bytes)
    const rows: ReadRowAt[] = []
    for (let row = spec.firstDataRow; row < spec.firstDataRow + spec.rows.length; row++) rows.push({ row, v: readRow(file, spec, row) })
    return { spec, file, rows }
  })
  const written = new Map<string, { file: string; row: number }[]>()
  for (const rb of readBack) {
    for (const r of rb.rows) {
      if (r.v.nik === '') continue
      written.set(r.v.nik, [...(written.get(r.v.nik) ?? []), { file: rb.spec.fileName, row: r.row }])
    }
  }

  let checkedLabels = 0
  for (const { spec, file, rows } of readBack) {
    const desa = s.desa[spec.desaIndex]
    if (!desa) throw new Error('desa missing')
    const desaPersons = s.master.slice(desa.personStart, desa.personEnd)
    const fileLabels = labelsByFile.get(spec.fileName) ?? new Map<number, Label[]>()
    const complete = spec.coverage === 'complete'

    // header row as specified, data rows where specified, JUMLAH row, nothing after
    spec.style.columns.forEach((c, i) => expect(cellText(file.grid(spec.headerRow, i))).toBe(c.header))
    if (spec.style.titleRows.length > 0) {
      expect(cellText(file.grid(1, 0))).toBe(spec.style.titleRows[0])
      expect(file.grid(spec.headerRow - 1, 0)).toBeUndefined()
    }
    const lastData = spec.firstDataRow + spec.rows.length - 1
    if (spec.totalRowNumber !== null) {
      expect(spec.totalRowNumber).toBe(lastData + 1)
      expect(cellText(file.grid(spec.totalRowNumber, 0))).toBe('JUMLAH')
      expect(file.lastRow).toBe(spec.totalRowNumber)
    } else {
      expect(file.lastRow).toBe(lastData)
    }

    // row count: a complete file lists the desa − missing + duplicate copies + new people + people
    // of other desa; a changes file only labelled rows, for far less than half of the desa
    const missing = s.labels.filter((l) => l.code === 'MISSING_FROM_VILLAGE' && l.kodeDesa === spec.kodeDesa)
    const flat = [...fileLabels.values()].flat()
    const dupCopies = flat.filter((l) => l.code === 'DUPLICATE_NIK_IN_FILE').length / 2
    const newPeople = flat.filter((l) => l.code === 'NEW_RECORD').length
    const fromElsewhere = flat.filter(
      (l) => l.code === 'DUPLICATE_NIK_ACROSS_VILLAGES' && byNik.get(l.masterNik ?? '')?.desaIndex !== spec.desaIndex
    ).length
    const desaNiks = new Set(desaPersons.map((p) => p.nik))
    const listedShare = new Set(rows.map((r) => r.v.nik).filter((nik) => desaNiks.has(nik))).size / desaPersons.length
    if (complete) {
      expect(spec.rows.length).toBe(desaPersons.length - missing.length + dupCopies + newPeople + fromElsewhere)
      expect(listedShare, `${spec.fileName}: a complete file lists ≥ 50% of the desa by NIK`).toBeGreaterThanOrEqual(0.5)
    } else {
      expect(missing, `${spec.fileName}: no MISSING_FROM_VILLAGE for a changes file`).toEqual([])
      expect(flat.filter((l) => l.code === 'KK_NO_HEAD' || l.code === 'KK_CHILD_OLDER_THAN_PARENT')).toEqual([])
      for (const r of rows)
        expect(fileLabels.has(r.row), `${spec.fileName} row ${r.row}: a changes file lists labelled rows only`).toBe(true)
      expect(listedShare, `${spec.fileName}: a changes file lists far less than half of the desa`).toBeLessThanOrEqual(0.35)
    }

    const household = householdReference(rows, complete)
    const seenMaster = new Set<string>()
    for (const { row, v } of rows) {
      const labels = fileLabels.get(row) ?? []
      expect(labels.length, `${spec.fileName} row ${row}: at most one label`).toBeLessThanOrEqual(1)
      const label = labels[0]
      const where = label ? `${spec.fileName} row ${row} ${label.code} ${label.variant}` : `${spec.fileName} row ${row} (clean)`
      // household problems and NIK/date/sex disagreements only where a label says so
      expectExplained(where, household.get(row) ?? [], KK_LABEL_CODES, label)
      expectExplained(where, nikReference(v, s.options.referenceDate), NIK_CONSISTENCY, label)
      if (!label) {
        // clean row: equal to its master person after normalisation, no KETERANGAN
        const p = byNik.get(v.nik)
        expect(p, `${where}: clean row NIK ${v.nik} is a master NIK`).toBeDefined()
        if (!p) continue
        expect(v.nikCell?.t).toBe('s')
        expect(p.desaIndex).toBe(spec.desaIndex)
        expect(differences(v, p), where).toEqual([])
        expect(v.keterangan).toBe('')
        seenMaster.add(p.nik)
        continue
      }
      checkedLabels++
      expect(label.sheet).toBe(spec.style.format === 'xlsx' ? spec.style.sheetName : null)
      expect(label.kodeDesa).toBe(spec.kodeDesa)
      const master = label.masterNik ? byNik.get(label.masterNik) : undefined
      if (label.masterNik) {
        expect(master, where).toBeDefined()
        seenMaster.add(label.masterNik)
      }
      switch (label.code) {
        case 'FIELD_MISMATCH': {
          if (!master || !label.field) throw new Error(where)
          expect(v.nik, where).toBe(label.nik)
          expect(v.nik).toBe(master.nik)
          expect(differences(v, master), where).toEqual([label.field])
          expect(canonicalOf(v, label.field), where).toBe(canonicalLabelValue(label.field, label.villageValue ?? ''))
          expect(v.keterangan).toBe('')
          break
        }
        case 'NIK_INVALID_FORMAT': {
          if (!master) throw new Error(where)
          expect(v.nikCell?.t).toBe('s')
          expect(v.nik, where).toBe(label.nik)
          const cleaned = v.nik.replace(/[\s.'-]/g, '')
          expect(/^\d{16}$/.test(cleaned) && decodeNik(cleaned) !== null, where).toBe(false)
          expect(differences(v, master), where).toEqual([])
          break
        }
        case 'NIK_PRECISION_LOST': {
          if (!master) throw new Error(where)
          if (label.variant === 'numeric-cell') {
            expect(v.nikCell?.t, where).toBe('n')
            expect(String(v.nikCell?.v)).toBe(label.nik)
            expect(Number(v.nikCell?.v)).not.toBe(Number(master.nik))
            expect(String(v.nikCell?.v).slice(0, 15)).toBe(master.nik.slice(0, 15))
            expect(String(v.nikCell?.v).endsWith('0')).toBe(true)
          } else {
            expect(v.nikCell?.t).toBe('s')
            expect(v.nik, where).toMatch(/^\d\.\d+E\+15$/)
            expect(v.nik).toBe(label.nik)
          }
          expect(differences(v, master), where).toEqual([])
          break
        }
        case 'DUPLICATE_NIK_IN_FILE': {
          if (!master || label.pairRow === null) throw new Error(where)
          const other = readRow(file, spec, label.pairRow)
          expect(v.nik, where).toBe(master.nik)
          expect(other.nik, where).toBe(master.nik)
          expect(differences(v, master), where).toEqual([])
          expect(v.shdk, `${where}: a head listed twice would be two heads`).not.toBe(HEAD)
          const pair = fileLabels.get(label.pairRow)?.[0]
          expect(pair?.code).toBe('DUPLICATE_NIK_IN_FILE')
          expect(pair?.pairRow).toBe(row)
          break
        }
        case 'NEW_RECORD': {
          expect(label.masterNik).toBeNull()
          expect(v.nik, where).toBe(label.nik)
          expect(byNik.has(v.nik), where).toBe(false)
          const info = decodeNik(v.nik)
          expect(info, where).not.toBeNull()
          expect(info?.sex).toBe(v.jenisKelamin)
          expect(v.tanggalLahir?.slice(8, 10)).toBe(String(info?.day).padStart(2, '0'))
          expect(v.tanggalLahir?.slice(5, 7)).toBe(String(info?.month).padStart(2, '0'))
          expect(
            desaPersons.some((p) => p.noKk === v.noKk),
            where
          ).toBe(true)
          expect(['', 'ANGGOTA BARU']).toContain(v.keterangan)
          break
        }
        case 'STATUS_CHANGE': {
          if (!master) throw new Error(where)
          expect(v.keterangan, where).toBe(label.villageValue)
          expect(['MENINGGAL', 'PINDAH', 'TIDAK DITEMUKAN', 'MAMPU']).toContain(v.keterangan)
          expect(v.nik).toBe(master.nik)
          expect(differences(v, master), where).toEqual([])
          break
        }
        case 'NIK_BIRTHDATE_MISMATCH':
        case 'NIK_GENDER_MISMATCH': {
          // a property of the master person: the row is the master person, unchanged
          if (!master) throw new Error(where)
          expect(label.field).toBe(label.code === 'NIK_GENDER_MISMATCH' ? 'jenis_kelamin' : 'tanggal_lahir')
          expect(v.nik, where).toBe(master.nik)
          expect(label.nik).toBe(master.nik)
          expect(differences(v, master), where).toEqual([])
          expect(label.implied).toEqual([])
          const info = decodeNik(master.nik)
          if (!info) throw new Error(`${where}: master NIK not valid`)
          const sameDate =
            info.day === Number(master.tanggalLahir.slice(8, 10)) &&
            info.month === Number(master.tanggalLahir.slice(5, 7)) &&
            info.yy === Number(master.tanggalLahir.slice(2, 4))
          expect(sameDate, where).toBe(label.code === 'NIK_GENDER_MISMATCH')
          expect(info.sex === master.jenisKelamin, where).toBe(label.code === 'NIK_BIRTHDATE_MISMATCH')
          break
        }
        case 'PROBABLE_MATCH': {
          if (!master) throw new Error(where)
          expect(label.field).toBe('nik')
          expect(v.nikCell?.t).toBe('s')
          expect(v.nik, where).toBe(label.nik)
          expect(v.nik).not.toBe(master.nik)
          expect(label.villageValue).toBe(v.nik)
          expect(label.masterValue).toBe(master.nik)
          // still a valid NIK, in nobody's name, written once in the whole kecamatan
          const info = decodeNik(v.nik)
          expect(info, where).not.toBeNull()
          expect(v.nik.slice(12)).not.toBe('0000')
          expect(byNik.has(v.nik), where).toBe(false)
          expect(written.get(v.nik), where).toHaveLength(1)
          // no other master NIK is one typo away: the master person is the only candidate
          expect(
            typoNeighbours(v.nik).filter((n) => n !== master.nik && byNik.has(n)),
            where
          ).toEqual([])
          const diff = diffPositions(v.nik, master.nik)
          if (label.variant === 'serial-digit') {
            expect(diff, where).toHaveLength(1)
            expect(diff[0]).toBeGreaterThanOrEqual(12)
          } else if (label.variant === 'transposed') {
            expect(diff, where).toHaveLength(2)
            const [a, b] = diff as [number, number]
            expect(b).toBe(a + 1)
            expect(a).toBeGreaterThanOrEqual(12)
            expect(v.nik.charAt(a)).toBe(master.nik.charAt(b))
            expect(v.nik.charAt(b)).toBe(master.nik.charAt(a))
          } else {
            expect(label.variant).toBe('date-digit')
            expect(diff, where).toHaveLength(1)
            expect(diff[0]).toBeGreaterThanOrEqual(6)
            expect(diff[0]).toBeLessThanOrEqual(11)
          }
          expect(differences(v, master), where).toEqual([])
          expect(label.tolerated).toContain('MISSING_FROM_VILLAGE')
          break
        }
        case 'DUPLICATE_NIK_ACROSS_VILLAGES': {
          if (!master) throw new Error(where)
          expect(label.field).toBe('nik')
          expect(v.nik, where).toBe(master.nik)
          expect(differences(v, master), where).toEqual([])
          expect(v.shdk).toBe(HEAD)
          // the NIK is in exactly two files, once each, and both rows carry this label
          const at = written.get(v.nik) ?? []
          expect(new Set(at.map((w) => w.file)).size, where).toBe(2)
          expect(at).toHaveLength(2)
          for (const w of at) {
            const other = labelsByFile.get(w.file)?.get(w.row)?.[0]
            expect(other?.code, where).toBe('DUPLICATE_NIK_ACROSS_VILLAGES')
            expect(other?.masterNik).toBe(master.nik)
          }
          const home = s.villageFiles.find((f) => f.desaIndex === master.desaIndex)
          expect(
            at.some((w) => w.file === home?.fileName),
            where
          ).toBe(true)
          break
        }
        case 'KK_MULTIPLE_HEADS': {
          if (!master || label.pairRow === null) throw new Error(where)
          expect(label.field).toBe('shdk')
          expect(v.nik).toBe(master.nik)
          expect(v.shdk, where).toBe(HEAD)
          expect(differences(v, master), where).toEqual(label.variant === 'original-head' ? [] : ['shdk'])
          const pair = fileLabels.get(label.pairRow)?.[0]
          expect(pair?.code).toBe('KK_MULTIPLE_HEADS')
          expect(pair?.pairRow).toBe(row)
          expect(readRow(file, spec, label.pairRow).noKk).toBe(v.noKk)
          break
        }
        case 'KK_NO_HEAD': {
          if (!master) throw new Error(where)
          expect(complete).toBe(true)
          expect(label.field).toBe('shdk')
          expect(differences(v, master), where).toEqual(['shdk'])
          expect(master.shdk).toBe(1)
          const family = rows.filter((r) => r.v.noKk === v.noKk)
          expect(family[0]?.row, `${where}: the first row of the KK`).toBe(row)
          expect(
            family.some((r) => r.v.shdk === HEAD),
            where
          ).toBe(false)
          break
        }
        case 'KK_CHILD_OLDER_THAN_PARENT': {
          if (!master) throw new Error(where)
          expect(complete).toBe(true)
          expect(label.field).toBe('tanggal_lahir')
          expect(differences(v, master), where).toEqual(['tanggal_lahir'])
          expect(v.shdk).toBe(CHILD)
          expect(v.tanggalLahir).toBe(label.villageValue)
          expect((v.tanggalLahir ?? '') >= '1900-01-01', where).toBe(true)
          expect(label.implied).toEqual(['FIELD_MISMATCH', 'NIK_BIRTHDATE_MISMATCH'])
          break
        }
        case 'REQUIRED_FIELD_MISSING': {
          if (!master || !label.field) throw new Error(where)
          const key = label.field as ColumnKey
          expect(
            spec.style.columns.some((c) => c.key === key),
            where
          ).toBe(true)
          expect(v.empty.has(key), `${where}: the ${key} cell is empty`).toBe(true)
          expect(v.empty.size, `${where}: only that cell is empty`).toBe(1)
          if (key === 'nik') {
            expect(label.nik).toBe('')
            expect(differences(v, master), where).toEqual([])
          } else {
            expect(v.nik).toBe(master.nik)
            expect(differences(v, master), where).toEqual([label.field])
          }
          expect(label.implied).toEqual([])
          break
        }
        case 'DATE_INVALID': {
          if (!master) throw new Error(where)
          expect(label.field).toBe('tanggal_lahir')
          expect(
            spec.style.columns.some((c) => c.key === 'tanggal_lahir'),
            where
          ).toBe(true)
          const cell = spec.style.columns.findIndex((c) => c.key === 'tanggal_lahir')
          expect(file.grid(row, cell)?.t, `${where}: written as text`).toBe('s')
          expect(v.dateText, where).toBe(label.villageValue)
          // no real date, or one before 1900 or after the reference date
          const d = v.tanggalLahir
          expect(d === null || d < '1900-01-01' || d > s.options.referenceDate, `${where}: "${v.dateText}"`).toBe(true)
          expect(v.nik).toBe(master.nik)
          expect(differences(v, master), where).toEqual(['tanggal_lahir'])
          break
        }
        default:
          throw new Error(`unexpected label on a row: ${where}`)
      }
    }

    // missing people are absent; in a complete file every other master person of the desa is represented
    const niks = new Set(rows.map((r) => r.v.nik))
    for (const l of missing) {
      checkedLabels++
      expect(l.file).toBeNull()
      expect(l.row).toBeNull()
      expect(niks.has(l.nik), `${l.nik} should be missing from ${spec.fileName}`).toBe(false)
      expect(s.master.find((p) => p.nik === l.nik)?.shdk, 'heads are never left out').not.toBe(1)
      seenMaster.add(l.nik)
    }
    if (complete) for (const p of desaPersons) expect(seenMaster.has(p.nik), `${p.nik} accounted for`).toBe(true)
  }
  expect(checkedLabels).toBe(s.labels.length)
  return { checkedLabels }
}
