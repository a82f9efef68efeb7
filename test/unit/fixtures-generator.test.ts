/**
 * The test-data generator keeps its own promises: determinism by seed, structurally valid
 * NIK/KK numbers, realistic households, exact row counts, and labels that point at rows whose
 * cells (read back from the produced xlsx/CSV bytes with SheetJS) really carry the defect,
 * while every unlabelled row equals its master person after normalisation.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'

import {
  countLabels,
  decodeNik,
  DEMO_OPTIONS,
  generateScenario,
  isoToDays,
  type Label,
  LABEL_CODES,
  MASTER_HEADERS,
  MASTER_SHEET_NAME,
  MISMATCH_FIELDS,
  type ScenarioOptions,
  SHDK_DTSEN,
  shdkToDtsen,
  VILLAGE_STYLES,
  writeMasterXlsx,
  writeVillageFile,
  ZERO_RATES
} from '../fixtures/generator/index.mts'
import { checkScenario } from './fixtures-generator/check-scenario'
import type { RowValues } from './fixtures-generator/normalise'
import { householdReference, type ReadRowAt } from './fixtures-generator/reference-rules'

const ALL_STYLES: ScenarioOptions = {
  seed: 4242,
  desaCount: 5,
  peoplePerDesa: 260,
  minPerKind: 1,
  summarySheets: true,
  fileStyles: [...VILLAGE_STYLES]
}

describe('fixtures generator', () => {
  it('is deterministic by seed (scenario and bytes)', () => {
    const opts: ScenarioOptions = { seed: 7, desaCount: 3, peoplePerDesa: 120, minPerKind: 1 }
    const a = generateScenario(opts)
    const b = generateScenario(opts)
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
    expect(writeMasterXlsx(b)).toEqual(writeMasterXlsx(a))
    a.villageFiles.forEach((f, i) => {
      const g = b.villageFiles[i]
      if (!g) throw new Error('file missing')
      expect(writeVillageFile(b, g).bytes).toEqual(writeVillageFile(a, f).bytes)
    })
    // bytes do not depend on what SheetJS wrote earlier in the process (it keeps formats globally)
    const before = writeMasterXlsx(a)
    for (const f of generateScenario({ ...ALL_STYLES, peoplePerDesa: 40 }).villageFiles) {
      writeVillageFile(generateScenario({ ...ALL_STYLES, peoplePerDesa: 40 }), f)
    }
    expect(writeMasterXlsx(a)).toEqual(before)
    const c = generateScenario({ ...opts, seed: 8 })
    expect(c.master.map((p) => p.nik)).not.toEqual(a.master.map((p) => p.nik))
  })

  it('keeps the population when only defect rates change', () => {
    const a = generateScenario({ seed: 11, desaCount: 2, peoplePerDesa: 150 })
    const b = generateScenario({ seed: 11, desaCount: 2, peoplePerDesa: 150, rates: { fieldMismatch: 0.1 } })
    expect(JSON.stringify(b.master)).toBe(JSON.stringify(a.master))
  })

  it('produces structurally valid, unique master NIKs and KK numbers', () => {
    const s = generateScenario({ seed: 3, desaCount: 4, peoplePerDesa: 500 })
    const niks = new Set<string>()
    let elsewhere = 0
    // the NIK of a few master people disagrees with the register on purpose (labelled)
    const anomaly = new Map(
      s.labels.filter((l) => l.code === 'NIK_BIRTHDATE_MISMATCH' || l.code === 'NIK_GENDER_MISMATCH').map((l) => [l.masterNik, l.code])
    )
    expect([...anomaly.values()]).toContain('NIK_BIRTHDATE_MISMATCH')
    expect([...anomaly.values()]).toContain('NIK_GENDER_MISMATCH')
    for (const p of s.master) {
      const info = decodeNik(p.nik)
      expect(info, p.nik).not.toBeNull()
      if (!info) continue
      const sameDate =
        info.day === Number(p.tanggalLahir.slice(8, 10)) &&
        info.month === Number(p.tanggalLahir.slice(5, 7)) &&
        info.yy === Number(p.tanggalLahir.slice(2, 4))
      expect(sameDate, p.nik).toBe(anomaly.get(p.nik) !== 'NIK_BIRTHDATE_MISMATCH')
      expect(info.sex === p.jenisKelamin, p.nik).toBe(anomaly.get(p.nik) !== 'NIK_GENDER_MISMATCH')
      expect(niks.has(p.nik), `duplicate ${p.nik}`).toBe(false)
      niks.add(p.nik)
      if (info.region !== s.kecamatan.kodeDigits) elsewhere++
      expect(p.noKk).toMatch(/^\d{16}$/)
      expect(p.noKk.slice(0, 6)).toBe(s.kecamatan.kodeDigits)
      expect(Number(p.noKk.slice(6, 8))).toBeGreaterThanOrEqual(1)
      expect(Number(p.noKk.slice(6, 8))).toBeLessThanOrEqual(31)
      expect(Number(p.noKk.slice(8, 10))).toBeGreaterThanOrEqual(1)
      expect(Number(p.noKk.slice(8, 10))).toBeLessThanOrEqual(12)
      expect(p.kodeWilayah).toBe(s.desa[p.desaIndex]?.kode)
      expect(p.desil).toBeGreaterThanOrEqual(1)
      expect(p.desil).toBeLessThanOrEqual(10)
      expect(p.nama).toMatch(/^[A-Z]+( [A-Z]+)*$/)
      expect(p.tempatLahir).not.toContain(',')
    }
    // mostly issued here, a few elsewhere
    expect(elsewhere).toBeGreaterThan(0)
    expect(elsewhere / s.master.length).toBeLessThan(0.3)
    // KK numbers unique per family
    expect(new Set(s.families.map((f) => f.noKk)).size).toBe(s.families.length)
    expect(s.kecamatan.kode).toBe('34.04.06')
  })

  it('builds plausible households: one head first, children ≥ 15 years younger than the couple', () => {
    const s = generateScenario({ seed: 5, desaCount: 3, peoplePerDesa: 800 })
    const year = 365.2425
    for (const f of s.families) {
      const members = s.master.slice(f.memberStart, f.memberEnd)
      expect(members[0]?.shdk).toBe(1)
      expect(members.filter((m) => m.shdk === 1)).toHaveLength(1)
      expect(new Set(members.map((m) => m.noKk))).toEqual(new Set([f.noKk]))
      const couple = members.filter((m) => m.shdk === 1 || m.shdk === 2 || m.shdk === 3)
      for (const child of members.filter((m) => m.shdk === 4)) {
        for (const parent of couple) {
          const gap = (isoToDays(child.tanggalLahir) - isoToDays(parent.tanggalLahir)) / year
          expect(gap, `${child.nik} vs ${parent.nik}`).toBeGreaterThanOrEqual(15)
        }
      }
      for (const m of members) {
        expect(isoToDays(m.tanggalLahir)).toBeLessThan(isoToDays(s.options.referenceDate))
      }
    }
    // the household rules (as a checker applies them to a complete list) find nothing in clean data
    const rows: ReadRowAt[] = s.master.map((p, i) => ({
      row: i + 2,
      v: { noKk: p.noKk, shdk: shdkToDtsen(p.shdk), tanggalLahir: p.tanggalLahir } as RowValues
    }))
    expect([...householdReference(rows, true)]).toEqual([])
    // variety: hundreds of distinct names, several naming traditions
    expect(new Set(s.master.map((p) => p.nama)).size).toBeGreaterThan(1200)
    expect(new Set(s.master.map((p) => p.ethnicity)).size).toBeGreaterThanOrEqual(5)
  })

  it('gives exact row counts and a readable master xlsx with text NIK/KK cells', () => {
    const s = generateScenario({ seed: 9, desaCount: 3, peoplePerDesa: 137, masterDateStyle: 'dd-mm-yyyy' })
    expect(s.master).toHaveLength(3 * 137)
    for (const d of s.desa) expect(d.personEnd - d.personStart).toBe(137)
    const wb = XLSX.read(writeMasterXlsx(s), { type: 'array', dense: true })
    expect(wb.SheetNames).toEqual([MASTER_SHEET_NAME])
    const ws = wb.Sheets[MASTER_SHEET_NAME]
    const data = (ws?.['!data'] ?? []) as XLSX.CellObject[][]
    expect(data).toHaveLength(s.master.length + 1)
    expect((data[0] ?? []).map((c) => c.v)).toEqual([...MASTER_HEADERS])
    s.master.forEach((p, i) => {
      const row = data[i + 1] ?? []
      expect(row[3]).toMatchObject({ t: 's', v: p.noKk })
      expect(row[4]).toMatchObject({ t: 's', v: p.nik })
      expect(row[6]?.v).toBe(p.jenisKelamin === 'L' ? 'LAKI-LAKI' : 'PEREMPUAN')
      expect(row[8]?.v).toBe(`${p.tanggalLahir.slice(8, 10)}-${p.tanggalLahir.slice(5, 7)}-${p.tanggalLahir.slice(0, 4)}`)
      expect(SHDK_DTSEN).toContain(row[9]?.v)
    })
  })

  it('with zero rates writes village files equal to the master after normalisation', () => {
    const s = generateScenario({
      seed: 21,
      desaCount: 5,
      peoplePerDesa: 90,
      rates: ZERO_RATES,
      fileStyles: [...VILLAGE_STYLES],
      noise: 0.6
    })
    expect(s.labels).toHaveLength(0)
    for (const f of s.villageFiles) expect(f.rows).toHaveLength(90)
    checkScenario(s)
    // clean data at scale: no household problem, no NIK/date or NIK/sex disagreement anywhere
    const big = generateScenario({ seed: 22, desaCount: 4, peoplePerDesa: 1500, rates: ZERO_RATES, fileStyles: [...VILLAGE_STYLES] })
    expect(big.labels).toHaveLength(0)
    checkScenario(big)
  })

  it('labels point at rows that really carry the defect (all five file styles)', () => {
    const s = generateScenario(ALL_STYLES)
    const { checkedLabels } = checkScenario(s)
    expect(checkedLabels).toBeGreaterThan(40)
    const styles = s.villageFiles.map((f) => f.style.name)
    expect(new Set(styles)).toEqual(new Set(VILLAGE_STYLES))
    // the summary sheet comes before the data sheet where the style has one
    const withSummary = s.villageFiles.find((f) => f.style.summarySheet)
    if (withSummary) {
      const wb = XLSX.read(writeVillageFile(s, withSummary).bytes, { type: 'array' })
      expect(wb.SheetNames).toEqual(['REKAP', withSummary.style.sheetName])
    }
  })

  it('labels stay exact under heavy defect rates (every variant path exercised)', () => {
    const s = generateScenario({
      seed: 77,
      desaCount: 5,
      peoplePerDesa: 400,
      fileStyles: [...VILLAGE_STYLES],
      changesShare: 0.4,
      rates: {
        fieldMismatch: 0.25,
        nikInvalidFormat: 0.04,
        nikPrecisionLost: 0.04,
        duplicateNik: 0.03,
        newRecord: 0.04,
        missingFromVillage: 0.03,
        statusChange: 0.04,
        nikBirthdateMismatch: 0.02,
        nikGenderMismatch: 0.02,
        probableMatch: 0.04,
        duplicateAcrossVillages: 0.02,
        kkMultipleHeads: 0.02,
        kkNoHead: 0.02,
        kkChildOlderThanParent: 0.02,
        requiredFieldMissing: 0.03,
        dateInvalid: 0.04
      }
    })
    const { checkedLabels } = checkScenario(s)
    expect(checkedLabels).toBeGreaterThan(500)
    expect(s.villageFiles.map((f) => f.coverage)).toEqual(['complete', 'complete', 'changes', 'complete', 'changes'])
    const namaVariants = new Set(s.labels.filter((l) => l.field === 'nama').map((l) => l.variant))
    expect(namaVariants.has('letter-dropped')).toBe(true)
    expect([...namaVariants].some((v) => v.includes('→'))).toBe(true)
    const variants = (code: Label['code']): Set<string> => new Set(s.labels.filter((l) => l.code === code).map((l) => l.variant))
    expect(variants('PROBABLE_MATCH')).toEqual(new Set(['serial-digit', 'transposed', 'date-digit']))
    expect(variants('KK_MULTIPLE_HEADS')).toEqual(new Set(['original-head', 'spouse-as-head', 'child-as-head']))
    expect(variants('KK_NO_HEAD')).toEqual(new Set(['head-as-LAINNYA', 'head-as-FAMILI LAIN']))
    expect(variants('NIK_BIRTHDATE_MISMATCH')).toEqual(new Set(['nik-days-off', 'nik-year-off']))
    expect(variants('NIK_GENDER_MISMATCH')).toEqual(new Set(['female-nik-sex-L', 'male-nik-sex-P']))
    expect(variants('DATE_INVALID')).toEqual(new Set(['impossible-date', 'zero-date', 'month-13', 'future', 'before-1900']))
    expect(variants('REQUIRED_FIELD_MISSING')).toEqual(new Set(['blank-nik', 'blank-nama', 'blank-tanggal-lahir']))
    // a date-digit typo brings the NIK consistency findings it causes
    const dateTypos = s.labels.filter((l) => l.variant === 'date-digit')
    expect(dateTypos.some((l) => l.implied.includes('NIK_BIRTHDATE_MISMATCH'))).toBe(true)
    // heavy rates still keep changes files far below half of their desa
    for (const f of s.villageFiles.filter((x) => x.coverage === 'changes')) {
      expect(f.rows.length).toBeGreaterThanOrEqual(3)
      expect(f.rows.every((r) => r.labelled)).toBe(true)
    }
  })

  it('changes-only files: every style, only labelled rows, at least three of them', () => {
    const all = generateScenario({ ...ALL_STYLES, seed: 4343, changesShare: 1 })
    expect(all.villageFiles.every((f) => f.coverage === 'changes')).toBe(true)
    checkScenario(all)
    expect(
      all.labels.filter((l) => l.code === 'MISSING_FROM_VILLAGE' || l.code === 'KK_NO_HEAD' || l.code === 'KK_CHILD_OLDER_THAN_PARENT')
    ).toEqual([])
    // the titles say it is a list of changes where the style has a main title
    const formal = all.villageFiles.find((f) => f.style.name === 'musdes-formal')
    expect(formal?.style.titleRows[0]).toContain('PERUBAHAN')
    // with no defects at all a changes file still lists three changes
    const quiet = generateScenario({ seed: 31, desaCount: 4, peoplePerDesa: 60, rates: ZERO_RATES, changesShare: 0.5 })
    expect(quiet.villageFiles.map((f) => f.coverage)).toEqual(['complete', 'changes', 'complete', 'changes'])
    for (const f of quiet.villageFiles) expect(f.rows.length).toBe(f.coverage === 'changes' ? 3 : 60)
    checkScenario(quiet)
    // the default keeps every file complete
    expect(generateScenario({ seed: 31, desaCount: 3, peoplePerDesa: 40 }).villageFiles.map((f) => f.coverage)).toEqual([
      'complete',
      'complete',
      'complete'
    ])
  })

  it('demo options: every defect kind appears, files are 2 xlsx + 1 CSV (the CSV changes-only) with a merged title', () => {
    const s = generateScenario(DEMO_OPTIONS)
    checkScenario(s)
    const counts = countLabels(s.labels)
    for (const c of LABEL_CODES) expect(counts[c] ?? 0, c).toBeGreaterThan(0)
    for (const f of MISMATCH_FIELDS) expect(counts[`FIELD_MISMATCH:${f}`] ?? 0, f).toBeGreaterThan(0)
    const variants = (code: Label['code']): Set<string> => new Set(s.labels.filter((l) => l.code === code).map((l) => l.variant))
    expect(variants('NIK_INVALID_FORMAT')).toEqual(new Set(['15-digits', '17-digits', 'letter-O', 'month-13']))
    expect(variants('NIK_PRECISION_LOST')).toEqual(new Set(['numeric-cell', 'e-notation-text']))
    expect(variants('NEW_RECORD')).toEqual(new Set(['newborn', 'pendatang']))
    expect(variants('STATUS_CHANGE')).toEqual(new Set(['MENINGGAL', 'PINDAH', 'TIDAK DITEMUKAN', 'MAMPU']))
    expect(variants('PROBABLE_MATCH')).toEqual(new Set(['serial-digit', 'transposed', 'date-digit']))
    expect(variants('REQUIRED_FIELD_MISSING')).toEqual(new Set(['blank-nik', 'blank-nama', 'blank-tanggal-lahir']))
    expect(variants('DATE_INVALID')).toEqual(new Set(['impossible-date', 'zero-date', 'month-13', 'future', 'before-1900']))
    for (const d of s.desa) expect(d.personEnd - d.personStart).toBeGreaterThanOrEqual(120)
    const formats = s.villageFiles.map((f) => f.style.format).sort()
    expect(formats).toEqual(['csv', 'xlsx', 'xlsx'])
    const changes = s.villageFiles.filter((f) => f.coverage === 'changes')
    expect(changes.map((f) => f.desaNama)).toEqual(['TIRTOADI'])
    expect(changes[0]?.rows.length).toBeGreaterThanOrEqual(3)
    const titled = s.villageFiles.find((f) => f.style.format === 'xlsx' && f.style.titleRows.length > 0)
    if (!titled) throw new Error('no titled xlsx file')
    const wb = XLSX.read(writeVillageFile(s, titled).bytes, { type: 'array' })
    const merges = wb.Sheets[titled.style.sheetName]?.['!merges'] ?? []
    expect(merges).toContainEqual({ s: { r: 0, c: 0 }, e: { r: 0, c: titled.style.columns.length - 1 } })
    expect(s.kecamatan.kecamatan).toBe('MLATI')
  })

  it('the bundled demo set in resources/demo is what the generator writes', () => {
    const dir = join(import.meta.dirname, '..', '..', 'resources', 'demo')
    const labelsPath = join(dir, 'labels.json')
    expect(existsSync(labelsPath), 'run test/fixtures/generate-demo.mts').toBe(true)
    const bundled = JSON.parse(readFileSync(labelsPath, 'utf8')) as { seed: number; labels: Label[] }
    const s = generateScenario({ ...DEMO_OPTIONS, seed: bundled.seed })
    expect(bundled.labels).toEqual(s.labels)
    expect(new Uint8Array(readFileSync(join(dir, 'master-dtsen.xlsx')))).toEqual(writeMasterXlsx(s))
    for (const f of s.villageFiles) {
      const { fileName, bytes } = writeVillageFile(s, f)
      expect(new Uint8Array(readFileSync(join(dir, 'desa', fileName))), fileName).toEqual(bytes)
    }
  })

  // No time bound (the machine may be busy): npm run bench:engine prints the generation time.
  it('scales: 200,000 master people, every NIK unique', () => {
    const s = generateScenario({ seed: 1, desaCount: 100, peoplePerDesa: 2000 })
    expect(s.master).toHaveLength(200_000)
    expect(new Set(s.master.map((p) => p.nik)).size).toBe(200_000)
  })
})
