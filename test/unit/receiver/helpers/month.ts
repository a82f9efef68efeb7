/**
 * A realistic month of decided changes for one kecamatan, from the seeded fixture generator's
 * people (real-looking names, NIK/KK, places, addresses): ~60% field changes, the rest new
 * people, reported statuses and removals with their basis. Used where the byte count matters.
 */
import { CHANGE_COLUMNS, type ChangeRow, type PackageDesa } from '../../../../shared/engine/package/changes'
import { generateScenario } from '../../../fixtures/generator/index.mts'

const SHDK: Record<number, string> = {
  1: 'KEPALA_KELUARGA',
  2: 'PASANGAN',
  3: 'ANAK',
  4: 'MENANTU',
  5: 'CUCU',
  6: 'ORANG_TUA',
  7: 'ORANG_TUA',
  8: 'LAINNYA',
  9: 'PEMBANTU',
  10: 'LAINNYA',
  11: 'LAINNYA'
}
const FIELDS = ['nama', 'tanggal_lahir', 'tempat_lahir', 'alamat', 'no_kk', 'shdk', 'rt'] as const
const REASONS = ['MENINGGAL', 'PINDAH', 'TIDAK_DITEMUKAN', 'MAMPU']

/**
 * Decision times as the app makes them: most rows accepted with the bulk bar in sessions (one
 * time for a batch of ~40), every ninth decided alone a few seconds apart.
 */
function decidedAt(i: number): string {
  const batch = Math.floor(i / 40)
  const day = 1 + (batch % 20)
  const base = Date.UTC(2026, 10, day, 1 + (batch % 7), (batch * 13) % 60, 0)
  const t = i % 9 === 0 ? base + (i % 40) * 17_000 : base
  return new Date(t).toISOString()
}

export function monthOfChanges(n: number, seed = 11): PackageDesa[] {
  const desaCount = 10
  const scenario = generateScenario({ seed, desaCount, peoplePerDesa: Math.ceil((n * 2) / desaCount) })
  const byDesa = new Map<string, ChangeRow[]>()
  const people = scenario.master.filter((_, i) => i % 2 === 0).slice(0, n)
  people.forEach((p, i) => {
    const roll = i % 20
    const jenis = roll < 12 ? 'UBAH' : roll < 15 ? 'BARU' : roll < 18 ? 'STATUS' : 'HAPUS'
    const removal = jenis === 'STATUS' || jenis === 'HAPUS'
    const kolom = jenis === 'UBAH' ? FIELDS[i % FIELDS.length]! : ''
    const row = Object.fromEntries(CHANGE_COLUMNS.map((c) => [c, ''])) as ChangeRow
    const values: Record<string, string> = {
      nama: p.nama,
      tanggal_lahir: p.tanggalLahir,
      tempat_lahir: p.tempatLahir,
      alamat: p.alamat,
      no_kk: p.noKk,
      shdk: SHDK[p.shdk] ?? 'LAINNYA',
      rt: String(p.rt).padStart(3, '0')
    }
    const before = kolom ? values[kolom]! : ''
    const after =
      kolom === 'nama'
        ? p.nama.replace(/A$/, '').replace(/H$/, '') + (p.nama.endsWith('A') ? 'H' : 'A')
        : kolom === 'tanggal_lahir'
          ? p.tanggalLahir.replace(/-(\d\d)$/, (_m, d: string) => `-${String(((Number(d) + 1) % 28) + 1).padStart(2, '0')}`)
          : kolom === 'rt'
            ? String(p.rt + 1).padStart(3, '0')
            : kolom
              ? `${before} X`
              : ''
    Object.assign(row, {
      jenis,
      nik: p.nik,
      no_kk: p.noKk,
      nama: kolom === 'nama' ? after : p.nama,
      jenis_kelamin: p.jenisKelamin,
      tempat_lahir: p.tempatLahir,
      tanggal_lahir: p.tanggalLahir,
      shdk: values.shdk,
      alamat: p.alamat,
      rt: values.rt,
      rw: String(p.rw).padStart(3, '0'),
      dusun: p.dusun,
      kolom,
      nilai_induk: before,
      nilai_desa: after,
      status:
        jenis === 'STATUS'
          ? REASONS[i % REASONS.length]
          : jenis === 'BARU'
            ? 'ANGGOTA_BARU'
            : jenis === 'HAPUS'
              ? 'TIDAK_ADA_DI_DAFTAR_DESA'
              : '',
      file_sumber: `musdes-${p.desaNama.toLowerCase()}-2026-11.xlsx`,
      baris_sumber: String(6 + (i % 400)),
      keputusan: i % 9 === 0 ? 'edited' : 'accept_village',
      diputuskan_oleh: 'Operator Kecamatan',
      waktu_keputusan: decidedAt(i),
      alasan: removal ? REASONS[i % REASONS.length] : '',
      dasar: removal ? (i % 2 ? 'BA' : 'SPTJM') : '',
      nomor_dasar: removal ? `${String(i % 500).padStart(3, '0')}/BA/XI/2026` : '',
      tanggal_dasar: removal ? '2026-11-02' : ''
    })
    const list = byDesa.get(p.desaNama) ?? []
    list.push(row)
    byDesa.set(p.desaNama, list)
  })
  return [...byDesa.entries()].map(([desa, rows]) => ({
    desaKey: desa,
    desa,
    rows,
    openFindings: 0,
    missingBasis: 0,
    sources: [{ file: `musdes-${desa.toLowerCase()}-2026-11.xlsx`, sha256: '0'.repeat(64), rows: rows.length }]
  }))
}
