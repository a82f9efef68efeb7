/**
 * The berita acara of one package: what the camat signs and the Dinas files, built only from a
 * package that passes the verifier (its manifest and change lists, nothing from the workspace's
 * current state) plus the workspace's letter settings. The document is always in Indonesian: it is
 * an official paper of an Indonesian office, whatever language the screen uses.
 */
import { unzipSync } from 'fflate'

import { BERITA_ACARA_KINDS, type BeritaAcara, type BeritaAcaraChange, type BeritaAcaraKind, type WorkspaceInfo } from '../../api/types'
import { documentNumber } from '../../domain/letter'
import { isRemovalReason } from '../../domain/removal'
import { tMaybe } from '../../i18n'
import { cermatError } from '../errors'
import type { Manifest } from '../package/format'
import { type PackageChange, packageRows } from '../package/read'
import { type VerifyDeps, verifyPackage } from '../package/verify'

export const CHANGE_TYPES = BERITA_ACARA_KINDS
export type { BeritaAcara, BeritaAcaraChange }

export type BeritaAcaraSettings = Pick<WorkspaceInfo, 'id' | 'kecamatan' | 'kabupaten' | 'signatories' | 'letter'>

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember']
const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu']

/** "Minggu, 6 Desember 2026" for 2026-12-06 (the weekday of the calendar date, no time zone). */
export function indonesianDate(iso: string, withDay = true): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return iso
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const text = `${d} ${MONTHS[mo - 1] ?? mo} ${y}`
  return withDay ? `${DAYS[new Date(Date.UTC(y, mo - 1, d)).getUTCDay()]}, ${text}` : text
}

/**
 * Reads the package through the verifier (an invalid package is refused with the verifier's
 * reason) and lays out its berita acara, signed at `place` on `date` (ISO YYYY-MM-DD).
 */
export function buildBeritaAcara(
  zip: Uint8Array,
  fileName: string,
  settings: BeritaAcaraSettings,
  date: string,
  deps: Pick<VerifyDeps, 'sha256' | 'verifyEd25519' | 'trustedPublicKey' | 'trustedKeys'>
): BeritaAcara {
  const verified = verifyPackage(zip, deps)
  if (!verified.valid) throw cermatError('PACKAGE_INVALID', { reason: verified.reason })
  const m = verified.manifest
  // The letterhead and signatories are this workspace's: a package of another one is not theirs to sign.
  if (m.workspace?.id !== settings.id)
    throw cermatError('PACKAGE_INVALID', {
      reason: `${fileName} dibuat di ruang kerja lain (${m.workspace?.name ?? '-'}), bukan di ruang kerja ini`
    })
  const { changes, counts } = packageChanges(zip, m)
  return {
    kop: settings.letter.kop.filter((l) => l.trim() !== ''),
    alamat: settings.letter.alamat,
    number: documentNumber(settings.letter.numberPattern, m.seq, date),
    kecamatan: m.kecamatan || settings.kecamatan,
    kabupaten: settings.kabupaten,
    place: settings.letter.place || settings.kecamatan,
    date,
    dateText: indonesianDate(date),
    package: {
      fileName,
      seq: m.seq,
      sha256: deps.sha256(zip),
      createdAt: m.createdAt,
      operator: m.operator,
      keyId: verified.keyId,
      previousSha256: m.previousPackageSha256
    },
    counts,
    desa: m.desa.map((d) => ({ desa: d.desa, changes: d.changes, openFindings: d.openFindings })),
    changes,
    signatories: settings.signatories
  }
}

/**
 * The change lists of a package the verifier has passed, in words (always Indonesian: the
 * package's own language), with counts by kind. Shared by the berita acara and the package viewer.
 */
export function packageChanges(zip: Uint8Array, m: Manifest): { changes: BeritaAcaraChange[]; counts: BeritaAcara['counts'] } {
  // The verifier has checked every listed file's size and hash and refused unlisted ones.
  const entries = unzipSync(zip, { filter: (f) => m.files.some((x) => x.path === f.name) })
  let rows: PackageChange[]
  try {
    rows = packageRows(entries, m)
  } catch (err) {
    throw cermatError('PACKAGE_INVALID', { reason: err instanceof Error ? err.message : String(err) })
  }
  const changes = rows.map((r) => changeOf(r.desa, (c) => (r.row as Record<string, string>)[c] ?? ''))
  const counts = { UBAH: 0, BARU: 0, STATUS: 0, HAPUS: 0, BATAL: 0, total: changes.length, openFindings: m.counts.openFindings }
  for (const c of changes) counts[c.jenis]++
  return { changes, counts }
}

const label = (kind: string, value: string) => tMaybe('id', `${kind}.${value}`, value)

function changeOf(desa: string, get: (column: string) => string): BeritaAcaraChange {
  const raw = get('jenis')
  // A kind this version does not know is said, never printed as something else.
  if (!(CHANGE_TYPES as readonly string[]).includes(raw))
    throw cermatError('PACKAGE_INVALID', { reason: `jenis perubahan tidak dikenal: ${raw}` })
  const jenis = raw as BeritaAcaraKind
  const nilai = (field: string, v: string) => (v === '' ? '(kosong)' : field === 'shdk' ? label('shdk', v) : v)
  let what: string
  if (jenis === 'UBAH') {
    const field = get('kolom')
    what = `${label('field', field)}: ${nilai(field, get('nilai_induk'))} menjadi ${nilai(field, get('nilai_desa'))}`
  } else if (jenis === 'BARU') {
    what = `Usulan anggota baru (No. KK ${get('no_kk') || '-'})`
  } else if (jenis === 'BATAL') {
    // A change package N carried, withdrawn: its kind (in `status`), field and value as package N sent them.
    const kind = get('status')
    const field = get('kolom')
    const sent = kind === 'UBAH' ? ` ${label('field', field)} menjadi ${nilai(field, get('nilai_desa'))}` : ''
    what = `Dibatalkan: ${kind}${sent} dari paket ${get('koreksi_paket')}`
  } else if (jenis === 'STATUS') {
    const reason = get('alasan') || get('status')
    what = `Status: ${label('status', reason)}${get('alasan') && get('alasan') !== get('status') ? ` (desa melaporkan ${label('status', get('status'))})` : ''}`
  } else {
    what = `Tidak ada di daftar desa, diusulkan keluar${get('alasan') ? `: ${label('status', get('alasan'))}` : ''}`
  }
  return { desa, jenis, nik: get('nik'), nama: get('nama'), what, basis: basisOf(jenis, get) }
}

function basisOf(jenis: BeritaAcaraKind, get: (column: string) => string): string {
  if (jenis === 'BATAL') return `paket ${get('koreksi_paket')}`
  if (jenis === 'HAPUS' || jenis === 'STATUS') {
    const kind = get('dasar')
    if (kind) {
      const name = kind === 'BA' ? 'BA musdes/muskel' : kind
      return `${name} ${get('nomor_dasar')} tgl. ${indonesianDate(get('tanggal_dasar'), false)}`
    }
    // A removal decided before bases were recorded: said, never left looking complete.
    if (jenis === 'HAPUS' || isRemovalReason(get('status'))) return `${MISSING_BASIS}${fileRow(get)}`
  }
  return fileRow(get).replace(/^; /, '') || MISSING_BASIS
}

const MISSING_BASIS = 'dasar BA/SPTJM belum dicatat'
const fileRow = (get: (column: string) => string) => (get('file_sumber') ? `; ${get('file_sumber')} baris ${get('baris_sumber')}` : '')
