/**
 * The findings of one village row, given its matched master person and its file's context.
 * Pure: recompute.ts loads the inputs and stores the output.
 */
import { parseMemberStatus } from '../../domain/codes'
import { differs } from '../../domain/compare'
import { isPlausibleBirthDate } from '../../domain/dates'
import { COMPARED_FIELDS, type PersonField, type PersonValues } from '../../domain/fields'
import { SEVERITY, type FindingCode } from '../../domain/findings'
import { cleanId, nikBirthParts, nikMatchesBirthDate, nikProblem, nikSex } from '../../domain/nik'

export interface VillageRowRecord extends PersonValues {
  id: number
  source_id: number
  row_no: number
  nik_origin: 'text' | 'number' | 'lossy'
  status: 'open' | 'verified' | 'excluded'
}

export interface MasterRowRecord extends PersonValues {
  id: number
  desa_key: string
}

export interface FindingRecord {
  key: string
  code: FindingCode
  severity: 'error' | 'warning' | 'info'
  source_id: number | null
  village_row_id: number | null
  master_row_id: number | null
  desa_key: string
  field: PersonField | null
  village_value: string | null
  master_value: string | null
  params: Record<string, string>
}

export interface RowContext {
  desaKey: string
  /** Fields the row's file has a column for; others are not compared. */
  mapped: ReadonlySet<PersonField>
  /** Sheet rows of this file holding the same NIK (this row included). */
  sameNikRows: readonly number[]
  todayIso: string
}

export function findingKey(code: FindingCode, row: string, field?: string | null): string {
  return field ? `${code}:${row}:${field}` : `${code}:${row}`
}

export function rowFindings(row: VillageRowRecord, master: MasterRowRecord | undefined, ctx: RowContext): FindingRecord[] {
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
  if (ctx.mapped.has('nama') && row.nama.trim() === '') add('REQUIRED_FIELD_MISSING', { field: 'nama', village_value: '' })
  const dateOk = isPlausibleBirthDate(row.tanggal_lahir, ctx.todayIso)
  if (row.tanggal_lahir !== '' && !dateOk) add('DATE_INVALID', { field: 'tanggal_lahir', village_value: row.tanggal_lahir })

  if (!nikUsable) return out

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
    add('NEW_RECORD', { field: 'nik', village_value: row.nik })
    return out
  }
  for (const field of COMPARED_FIELDS) {
    if (!ctx.mapped.has(field)) continue
    if (differs(field, row[field], master[field])) {
      add('FIELD_MISMATCH', { field, village_value: row[field], master_value: master[field], master_row_id: master.id })
    }
  }
  const status = parseMemberStatus(row.keterangan)
  if (status && status !== 'ANGGOTA_BARU') {
    add('STATUS_CHANGE', { field: 'keterangan', village_value: row.keterangan, master_row_id: master.id, params: { status } })
  }
  return out
}

export function missingFinding(master: MasterRowRecord): FindingRecord {
  return {
    key: findingKey('MISSING_FROM_VILLAGE', `m${master.id}`),
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
