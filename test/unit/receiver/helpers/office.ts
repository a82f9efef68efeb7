/**
 * A kecamatan office for delivery tests: an Ed25519 key and packages built with the real
 * buildPackage from seeded synthetic changes (a month is ~2,000 of them), chained seq by seq.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto'

import { keyIdOf, rawPublicKey } from '../../../../electron/engine-host/key-store'
import { segmentHead } from '../../../../shared/engine/package/audit-v2'
import { type BuildOptions, buildPackage } from '../../../../shared/engine/package/build'
import { CHANGE_COLUMNS, type ChangeRow, type PackageDesa } from '../../../../shared/engine/package/changes'
import type { Signer } from '../../../../shared/engine/ports'
import { Rng } from '../../../fixtures/generator/rng.mts'
import { officeAudit } from './audit'

export const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex')

export interface Office {
  kecamatan: string
  workspaceId: string
  publicKey: string
  keyId: string
  signer: Signer
  /** The next package of the chain (seq and previous hash advance), with n changes. */
  next(
    n?: number,
    opts?: { seed?: number; desa?: PackageDesa[]; format?: 1 | 2; approvalRequired?: boolean }
  ): Promise<{ bytes: Uint8Array; sha: string; seq: number }>
  /** A package at any place in the chain, not advancing it. */
  build(
    seq: number,
    previous: string | null,
    n?: number,
    seed?: number,
    desa?: PackageDesa[],
    opts?: BuildOptions
  ): Promise<{ bytes: Uint8Array; sha: string; seq: number }>
}

export function makeSigner(): Signer & { publicKey: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  const identity = { publicKey: Buffer.from(raw).toString('base64'), keyId: keyIdOf(raw) }
  return { ...identity, identity: async () => identity, sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  const r = new Rng(seed)
  return () => r.next()
}

const NAMES = [
  'SITI AMINAH',
  'SUPARMAN',
  'SRI WAHYUNI',
  'SUGIYANTO',
  'TRI WULANDARI',
  'MUHAMMAD RIZKI',
  'DWI ASTUTI',
  'SUKARNI',
  'BUDI SANTOSO',
  'NUR HIDAYAH',
  'PONIRAH',
  'SLAMET RIYADI'
]
const PLACES = ['SLEMAN', 'YOGYAKARTA', 'KULON PROGO', 'BANTUL', 'KLATEN', 'MAGELANG']
const DESA = ['SUMBERADI', 'TLOGOADI', 'TIRTOADI', 'SENDANGADI', 'SINDUADI']
const SHDK = ['KEPALA_KELUARGA', 'PASANGAN', 'ANAK', 'ANAK', 'ANAK', 'ORANG_TUA']

export function syntheticChanges(n: number, seed: number, operator = 'operator-uji'): PackageDesa[] {
  const r = rng(seed)
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)]!
  const pad = (v: number, w: number) => String(v).padStart(w, '0')
  const byDesa = new Map<string, ChangeRow[]>()
  for (let i = 0; i < n; i++) {
    const desa = pick(DESA)
    const female = r() < 0.5
    const year = 1940 + Math.floor(r() * 80)
    const month = 1 + Math.floor(r() * 12)
    const day = 1 + Math.floor(r() * 28)
    const nik = `340404${pad(day + (female ? 40 : 0), 2)}${pad(month, 2)}${pad(year % 100, 2)}${pad(1 + Math.floor(r() * 9999), 4)}`
    const jenis = r() < 0.6 ? 'UBAH' : r() < 0.5 ? 'BARU' : r() < 0.5 ? 'STATUS' : 'HAPUS'
    const removal = jenis === 'HAPUS' || jenis === 'STATUS'
    const nama = pick(NAMES)
    const row = Object.fromEntries(CHANGE_COLUMNS.map((c) => [c, ''])) as ChangeRow
    Object.assign(row, {
      jenis,
      nik,
      no_kk: `340404${pad(Math.floor(r() * 1e10), 10)}`,
      nama,
      jenis_kelamin: female ? 'P' : 'L',
      tempat_lahir: pick(PLACES),
      tanggal_lahir: `${year}-${pad(month, 2)}-${pad(day, 2)}`,
      shdk: pick(SHDK),
      alamat: `DUSUN ${1 + Math.floor(r() * 12)}`,
      rt: pad(1 + Math.floor(r() * 9), 3),
      rw: pad(1 + Math.floor(r() * 30), 3),
      dusun: `DUSUN ${1 + Math.floor(r() * 12)}`,
      kolom: jenis === 'UBAH' ? 'nama' : '',
      nilai_induk: jenis === 'UBAH' ? nama.slice(0, -1) : '',
      nilai_desa: jenis === 'UBAH' ? nama : '',
      status: jenis === 'STATUS' ? 'MENINGGAL' : jenis === 'BARU' ? 'ANGGOTA_BARU' : jenis === 'HAPUS' ? 'TIDAK_ADA_DI_DAFTAR_DESA' : '',
      file_sumber: `musdes-${desa.toLowerCase()}-2026-11.xlsx`,
      baris_sumber: String(6 + i),
      keputusan: 'accept_village',
      diputuskan_oleh: operator,
      waktu_keputusan: `2026-11-${pad(1 + (i % 28), 2)}T0${i % 10}:15:00.000Z`,
      alasan: removal ? 'MENINGGAL' : '',
      dasar: removal ? 'BA' : '',
      nomor_dasar: removal ? `${pad(i % 500, 3)}/BA/XI/2026` : '',
      tanggal_dasar: removal ? '2026-11-02' : ''
    })
    const list = byDesa.get(desa) ?? []
    list.push(row)
    byDesa.set(desa, list)
  }
  return [...byDesa.entries()].map(([desa, rows]) => ({
    desaKey: desa,
    desa,
    rows,
    openFindings: 0,
    missingBasis: 0,
    sources: [{ file: `musdes-${desa.toLowerCase()}-2026-11.xlsx`, sha256: sha256(new TextEncoder().encode(desa)), rows: rows.length }]
  }))
}

let offices = 0
export function makeOffice(kecamatan: string, signer: Signer & { publicKey: string; keyId: string } = makeSigner()): Office {
  const workspaceId = `ws-${kecamatan.toLowerCase()}-${++offices}`
  let seq = 0
  let previous: string | null = null
  // The audit head each package signed: the next package's entries start there.
  const heads = new Map<number, { count: number; sha256: string }>([[0, { count: 0, sha256: '' }]])
  const build = async (
    s: number,
    prev: string | null,
    n = 20,
    seed = s,
    desa?: PackageDesa[],
    opts: BuildOptions = {},
    approvalRequired = false
  ) => {
    const createdAt = `2026-11-${String(Math.min(28, s)).padStart(2, '0')}T09:15:02+07:00`
    const changes = desa ?? syntheticChanges(n, seed * 7919 + offices)
    const from = heads.get(s - 1) ?? heads.get(seq) ?? { count: 0, sha256: '' }
    const audit = officeAudit(
      from,
      s,
      createdAt,
      'operator-uji',
      changes.flatMap((d) => d.rows),
      sha256
    )
    const head = segmentHead(audit)
    const built = await buildPackage(
      {
        createdAt,
        appVersion: '0.0.0-test',
        workspace: { id: workspaceId, name: kecamatan },
        kecamatan,
        operator: 'operator-uji',
        seq: s,
        previousPackageSha256: prev,
        master: { file: 'master-dtsen.xlsx', sha256: sha256(new TextEncoder().encode('master')), rows: 4800 },
        auditHead: { count: head.count, hash: head.sha256 },
        audit,
        desa: changes,
        ...(approvalRequired ? { approvalRequired } : {})
      },
      signer,
      sha256,
      opts
    )
    return { bytes: built.bytes, sha: sha256(built.bytes), seq: s, head }
  }
  return {
    kecamatan,
    workspaceId,
    publicKey: signer.publicKey,
    keyId: signer.keyId,
    signer,
    build: async (...args) => {
      const { head: _head, ...p } = await build(...args)
      return p
    },
    next: async (n = 20, opts = {}) => {
      const { head, ...p } = await build(
        seq + 1,
        previous,
        n,
        opts.seed ?? seq + 1,
        opts.desa,
        { format: opts.format ?? 2 },
        opts.approvalRequired
      )
      seq = p.seq
      previous = p.sha
      heads.set(seq, head)
      return p
    }
  }
}
