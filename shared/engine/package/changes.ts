/**
 * The changes a package carries: only what the operator resolved in favour of the village
 * (accepted, edited, verified), passed by the export gate (gate.ts) and new or changed since the
 * last package (delta.ts) unless everything is re-sent. Open findings are counted, not shipped as
 * changes. A removal (HAPUS, STATUS) carries its reason and basis (berita acara or SPTJM) from the
 * decision; one decided before bases were recorded goes out with those columns empty and is
 * counted as such.
 */
import type { ExportPreview, HeldChange } from '../../api/types'
import { isRemovalFinding } from '../../domain/removal'
import type { Db } from '../db'
import { lastExport, lastSentChanges, receivedSeqs, type SentChange } from '../tables/exports'
import {
  type AcceptedChange,
  type AcceptedRemoval,
  acceptedRemovals,
  acceptedVillageChanges,
  openFindingsPerDesa
} from '../tables/finding-reads'
import { packageSources } from '../tables/sources'
import { type Candidate, CHANGE_COLUMNS, type ChangeRow, type ChangeType } from './change-row'
import { changeContent, changeIdentity } from './delta'
import { gateChanges, type Held } from './gate'
import { withdrawals } from './withdrawal'

export { type Candidate, CHANGE_COLUMNS, type ChangeRow, type ChangeType }

export interface DesaChanges {
  desaKey: string
  desa: string
  /** The rows this package carries, and what each is as delivery state records it (same order). */
  rows: ChangeRow[]
  sent: SentChange[]
  openFindings: number
  /** Removals (HAPUS, STATUS) decided before bases were recorded, without one (sent or not). */
  missingBasis: number
  /** Changes the export gate holds back; changes sent before and unchanged; corrections of a sent change. */
  held: number
  unchanged: number
  /** Of the unchanged, those whose package the Dinas has confirmed receiving. */
  received: number
  corrections: number
  /** Changes a package carried that are no longer decided: announced as BATAL of that package. */
  withdrawn: number
  sources: { file: string; sha256: string; rows: number }[]
}

/** What a package is built from, per desa. */
export type PackageDesa = Pick<DesaChanges, 'desa' | 'rows' | 'openFindings' | 'sources'>

export interface CollectedChanges {
  desa: Map<string, DesaChanges>
  held: HeldChange[]
  lastPackage: number | null
  lastReceived: number | null
}

export interface CollectOptions {
  /** Today (YYYY-MM-DD): birth dates after it are refused. */
  today: string
  /** Re-send everything decided, not only what is new or changed since the last package. */
  all: boolean
}

/** Every change decided in favour of the village, in package order (of these desa only, when given). */
export function decidedChanges(db: Db, only?: ReadonlySet<string>): Candidate[] {
  const keys = only ? [...only] : undefined
  const out: Candidate[] = []
  for (const r of acceptedVillageChanges(db, keys)) {
    // An accepted probable match is the operator saying "a different person": a new record.
    const type: ChangeType = r.code === 'FIELD_MISMATCH' ? 'UBAH' : r.code === 'STATUS_CHANGE' ? 'STATUS' : 'BARU'
    const params = JSON.parse(String(r.params)) as Record<string, string>
    const removal = type === 'STATUS' && isRemovalFinding('STATUS_CHANGE', params)
    out.push({
      desaKey: String(r.desa_key),
      desa: String(r.source_desa),
      villageRowId: Number(r.id),
      masterRowId: null,
      subject: String(r.subject ?? ''),
      row: changeRow(r, removal, {
        jenis: type,
        kolom: type === 'UBAH' ? String(r.field) : '',
        nilai_induk: type === 'UBAH' ? String(r.master_value ?? '') : '',
        nilai_desa: type === 'UBAH' ? String(r.village_value ?? '') : '',
        status: type === 'STATUS' ? (params.status ?? '') : type === 'BARU' ? 'ANGGOTA_BARU' : '',
        file_sumber: String(r.file_name),
        baris_sumber: String(r.row_no)
      })
    })
  }
  for (const r of acceptedRemovals(db, keys)) {
    out.push({
      desaKey: String(r.desa_key),
      desa: String(r.desa),
      villageRowId: null,
      masterRowId: Number(r.id),
      subject: String(r.subject ?? ''),
      row: changeRow(r, true, {
        jenis: 'HAPUS',
        kolom: '',
        nilai_induk: '',
        nilai_desa: '',
        status: 'TIDAK_ADA_DI_DAFTAR_DESA',
        file_sumber: '',
        baris_sumber: ''
      })
    })
  }
  return out
}

export function collectChanges(db: Db, opts: CollectOptions): CollectedChanges {
  const out = new Map<string, DesaChanges>()
  const desaOf = desaIn(out)
  for (const s of packageSources(db)) {
    desaOf(s.desa_key, s.desa).sources.push({ file: s.file_name, sha256: s.sha256, rows: Number(s.row_count) })
  }
  for (const r of openFindingsPerDesa(db)) {
    const d = out.get(r.desa_key)
    if (d) d.openFindings = Number(r.n)
  }
  const { held, received } = addDecided(db, opts, out)
  return {
    desa: out,
    held: held.map(({ desaKey: _key, ...h }) => h),
    lastPackage: lastExport(db)?.seq ?? null,
    lastReceived: received.size > 0 ? Math.max(...received) : null
  }
}

/**
 * Per desa, how many rows the next package (not re-sending everything) would carry and how many
 * changes the gate holds: collectChanges' own selection, gate and delta, without the sources, open
 * findings and package facts the board does not need after every edit. `only`: just these desa
 * (the board's cache recomputing what a command touched), by the same code path.
 */
export function pendingPerDesa(db: Db, today: string, only?: ReadonlySet<string>): Map<string, { rows: number; held: number }> {
  const out = new Map<string, DesaChanges>()
  addDecided(db, { today, all: false }, out, only)
  return new Map([...out].map(([key, d]) => [key, { rows: d.rows.length, held: d.held }]))
}

function desaIn(out: Map<string, DesaChanges>): (key: string, name: string) => DesaChanges {
  return (key, name) => {
    let d = out.get(key)
    if (!d) {
      d = {
        desaKey: key,
        desa: name,
        rows: [],
        sent: [],
        openFindings: 0,
        missingBasis: 0,
        held: 0,
        unchanged: 0,
        received: 0,
        corrections: 0,
        withdrawn: 0,
        sources: []
      }
      out.set(key, d)
    }
    return d
  }
}

/** The decided changes through the gate and the delta against what packages carried, and the withdrawals, into `out`. */
function addDecided(
  db: Db,
  opts: CollectOptions,
  out: Map<string, DesaChanges>,
  only?: ReadonlySet<string>
): { held: Held[]; received: Set<number> } {
  const desaOf = desaIn(out)
  const { pass, blocked, held } = gateChanges(db, decidedChanges(db, only), opts.today, only !== undefined)
  for (const c of blocked) desaOf(c.desaKey, c.desa).held++
  // A change's identity starts with its desa key: what was sent of the other desa is not theirs to withdraw.
  const lastSent = lastSentChanges(db, only && [...only])
  const received = receivedSeqs(db)
  // Held by the gate is still decided: not withdrawn.
  const standing = new Set(blocked.map(changeIdentity))
  for (const c of pass) {
    const d = desaOf(c.desaKey, c.desa)
    const sent: SentChange = { id: changeIdentity(c), content: changeContent(c.row) }
    standing.add(sent.id)
    // Counted whether or not it goes out again: the operator still has a basis to add.
    if ((c.row.jenis === 'HAPUS' || isRemovalRow(c.row)) && c.row.nomor_dasar === '') d.missingBasis++
    const before = lastSent.get(sent.id)
    if (before && before.content === sent.content) {
      d.unchanged++
      if (received.has(before.seq)) d.received++
      if (!opts.all) continue
    } else if (before) {
      d.corrections++
      c.row.koreksi_paket = String(before.seq)
    }
    d.rows.push(c.row)
    d.sent.push(sent)
  }
  for (const w of withdrawals(db, lastSent, standing)) {
    const d = desaOf(w.desaKey, out.get(w.desaKey)?.desa || w.desaKey)
    d.withdrawn++
    d.rows.push(w.row)
    d.sent.push(w.sent)
  }
  return { held, received }
}

/** A STATUS row the package carries as a removal (its reason columns are filled, or should be). */
function isRemovalRow(row: ChangeRow): boolean {
  return row.jenis === 'STATUS' && isRemovalFinding('STATUS_CHANGE', { status: row.status })
}

function changeRow(
  r: AcceptedChange | AcceptedRemoval,
  removal: boolean,
  extra: Pick<ChangeRow, 'jenis' | 'kolom' | 'nilai_induk' | 'nilai_desa' | 'status' | 'file_sumber' | 'baris_sumber'>
): ChangeRow {
  const s = (k: keyof AcceptedChange & keyof AcceptedRemoval) => String(r[k] ?? '')
  return {
    jenis: extra.jenis,
    nik: s('nik'),
    no_kk: s('no_kk'),
    nama: s('nama'),
    jenis_kelamin: s('jenis_kelamin'),
    tempat_lahir: s('tempat_lahir'),
    tanggal_lahir: s('tanggal_lahir'),
    shdk: s('shdk'),
    alamat: s('alamat'),
    rt: s('rt'),
    rw: s('rw'),
    dusun: s('dusun'),
    kolom: extra.kolom,
    nilai_induk: extra.nilai_induk,
    nilai_desa: extra.nilai_desa,
    status: extra.status,
    file_sumber: extra.file_sumber,
    baris_sumber: extra.baris_sumber,
    keputusan: s('action'),
    diputuskan_oleh: s('decided_by'),
    waktu_keputusan: s('decided_at'),
    alasan: removal ? s('reason') : '',
    dasar: removal ? s('basis_kind') : '',
    nomor_dasar: removal ? s('basis_no') : '',
    tanggal_dasar: removal ? s('basis_date') : '',
    koreksi_paket: ''
  }
}

export function previewChanges(db: Db, opts: CollectOptions): ExportPreview {
  const all = collectChanges(db, opts)
  return {
    desa: [...all.desa.values()]
      .filter((d) => d.sources.length > 0 || d.rows.length > 0 || d.held > 0 || d.unchanged > 0)
      .map((d) => ({
        desa: d.desa,
        changes: d.rows.length,
        open: d.openFindings,
        missingBasis: d.missingBasis,
        held: d.held,
        sent: d.unchanged,
        received: d.received,
        corrections: d.corrections,
        withdrawn: d.withdrawn
      }))
      .sort((a, b) => a.desa.localeCompare(b.desa)),
    held: all.held,
    lastPackage: all.lastPackage,
    lastReceived: all.lastReceived,
    all: opts.all
  }
}
