/**
 * The findings of one village row, given its matched master person and its file's context.
 * Pure: recompute.ts loads the inputs and stores the output.
 */
import { parseMemberStatus } from '../../domain/codes'
import { differs } from '../../domain/compare'
import { isPlausibleBirthDate } from '../../domain/dates'
import { COMPARED_FIELDS, type PersonField } from '../../domain/fields'
import { type FindingCode, SEVERITY } from '../../domain/findings'
import type { MatchScore } from '../../domain/matching'
import { nameVariantKey } from '../../domain/names'
import { cleanId, nikBirthParts, nikMatchesBirthDate, nikProblem, nikSex } from '../../domain/nik'
import type { FindingRecord } from '../tables/findings'
import type { MasterRow } from '../tables/master-rows'
import type { CheckedRow } from '../tables/village-rows'

export interface RowContext {
  desaKey: string
  /** Fields the row's file has a column for; others are not compared. */
  mapped: ReadonlySet<PersonField>
  /** Sheet rows of this file holding the same NIK (this row included). */
  sameNikRows: readonly number[]
  todayIso: string
  /** The master person this row probably is, when its NIK finds nobody (see domain/matching). */
  probable?: ProbableMatch
}

export interface ProbableMatch {
  master: MasterRow
  match: MatchScore
  /** Other candidates that also passed. */
  others: number
}

/** Fields that must hold a value when the file has a column for them (the NIK always). */
const REQUIRED_WHEN_MAPPED = ['nama', 'no_kk', 'jenis_kelamin', 'tanggal_lahir'] as const

export function findingKey(code: FindingCode, row: string, field?: string | null): string {
  return field ? `${code}:${row}:${field}` : `${code}:${row}`
}

export function rowFindings(row: CheckedRow, master: MasterRow | undefined, ctx: RowContext): FindingRecord[] {
  const out: FindingRecord[] = []
  const add = (code: FindingCode, extra: Partial<FindingRecord> = {}) => {
    out.push({
      key: findingKey(code, `v${row.id}`, extra.field ?? null),
      code,
      severity: SEVERITY[code],
      source_id: row.source_id,
      village_row_id: row.id,
      master_row_id: null,
      desa_key: ctx.desaKey,
      field: null,
      village_value: null,
      master_value: null,
      params: {},
      ...extra
    })
  }

  const addProbable = () => {
    const p = ctx.probable
    if (!p) return false
    add('PROBABLE_MATCH', {
      field: 'nik',
      village_value: row.nik,
      master_value: p.master.nik,
      master_row_id: p.master.id,
      params: {
        nama: p.master.nama,
        desa: p.master.desa,
        score: String(p.match.score),
        name: String(p.match.name),
        why: p.match.reasons.join(','),
        others: String(p.others)
      }
    })
    return true
  }

  let nikUsable = false
  if (row.nik.trim() === '') {
    add('REQUIRED_FIELD_MISSING', { field: 'nik', village_value: '' })
  } else if (row.nik_origin === 'lossy') {
    add('NIK_PRECISION_LOST', { field: 'nik', village_value: row.nik })
  } else {
    const problem = nikProblem(row.nik)
    if (problem === 'scientific') add('NIK_PRECISION_LOST', { field: 'nik', village_value: row.nik })
    else if (problem) {
      const id = cleanId(row.nik)
      add('NIK_INVALID_FORMAT', {
        field: 'nik',
        village_value: row.nik,
        params: { reason: problem, length: String(id.length), province: id.slice(0, 2), datePart: id.slice(6, 12) }
      })
    } else nikUsable = true
  }
  for (const field of REQUIRED_WHEN_MAPPED) {
    if (ctx.mapped.has(field) && row[field].trim() === '') add('REQUIRED_FIELD_MISSING', { field, village_value: '' })
  }
  const dateOk = isPlausibleBirthDate(row.tanggal_lahir, ctx.todayIso)
  if (row.tanggal_lahir !== '' && !dateOk) add('DATE_INVALID', { field: 'tanggal_lahir', village_value: row.tanggal_lahir })

  if (!nikUsable) {
    // An unusable NIK may still belong to a master person (the last digit Excel dropped, a typo).
    addProbable()
    return out
  }

  if (ctx.sameNikRows.length > 1) {
    add('DUPLICATE_NIK_IN_FILE', {
      field: 'nik',
      village_value: row.nik,
      params: { other: ctx.sameNikRows.filter((n) => n !== row.row_no).join(', ') }
    })
  }
  if (dateOk && !nikMatchesBirthDate(row.nik, row.tanggal_lahir)) {
    const p = nikBirthParts(row.nik)!
    const nikDate = `${String(p.day).padStart(2, '0')}-${String(p.month).padStart(2, '0')}-${String(p.yy).padStart(2, '0')}`
    add('NIK_BIRTHDATE_MISMATCH', { field: 'tanggal_lahir', village_value: row.tanggal_lahir, params: { nikDate } })
  }
  const sexFromNik = nikSex(row.nik)
  if ((row.jenis_kelamin === 'L' || row.jenis_kelamin === 'P') && sexFromNik && sexFromNik !== row.jenis_kelamin) {
    add('NIK_GENDER_MISMATCH', { field: 'jenis_kelamin', village_value: row.jenis_kelamin, params: { nikSex: sexFromNik } })
  }

  if (!master) {
    if (!addProbable()) add('NEW_RECORD', { field: 'nik', village_value: row.nik })
    return out
  }
  for (const field of COMPARED_FIELDS) {
    if (!ctx.mapped.has(field)) continue
    if (differs(field, row[field], master[field])) {
      // Only the spelling differs (MUHAMAD / MUHAMMAD, WYN / WAYAN): said so, one click to accept.
      const spelling = field === 'nama' && nameVariantKey(row.nama) === nameVariantKey(master.nama)
      add('FIELD_MISMATCH', {
        field,
        village_value: row[field],
        master_value: master[field],
        master_row_id: master.id,
        params: spelling ? { spelling: '1' } : {}
      })
    }
  }
  const status = parseMemberStatus(row.keterangan)
  if (status && status !== 'ANGGOTA_BARU') {
    add('STATUS_CHANGE', { field: 'keterangan', village_value: row.keterangan, master_row_id: master.id, params: { status } })
  }
  return out
}

export function missingFinding(master: MasterRow): FindingRecord {
  return {
    // Keyed by the person, not the row: a renewed master gives row ids to other people.
    key: findingKey('MISSING_FROM_VILLAGE', master.subject),
    code: 'MISSING_FROM_VILLAGE',
    severity: SEVERITY.MISSING_FROM_VILLAGE,
    source_id: null,
    village_row_id: null,
    master_row_id: master.id,
    desa_key: master.desa_key,
    field: null,
    village_value: null,
    master_value: master.nik,
    params: { nama: master.nama, desa: master.desa }
  }
}
