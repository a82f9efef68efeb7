/**
 * The Dinas's overview page (Bahasa Indonesia, plain HTML, no script): packages per kecamatan and
 * month, accepted changes per kecamatan/desa with their Excel export, and cross-kecamatan
 * conflicts (the same NIK changed by two kecamatan, e.g. removed in one and added in another).
 * Accepted means the newest row of each change, a withdrawn one left out (migration 3's views).
 */
import type { Pool } from './db'

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const link = (kecamatan: string, desa?: string) =>
  `/ekspor?kecamatan=${encodeURIComponent(kecamatan)}${desa ? `&desa=${encodeURIComponent(desa)}` : ''}`

export async function renderPage(pool: Pool, name: string): Promise<string> {
  const perMonth = await pool.query<{ kecamatan: string; bulan: string; paket: number; perubahan: number }>(
    `SELECT kecamatan, to_char(received_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM') AS bulan, count(*)::int AS paket, sum(changes)::int AS perubahan
     FROM packages GROUP BY 1, 2 ORDER BY 2 DESC, 1`
  )
  const perDesa = await pool.query<{ kecamatan: string; desa: string; perubahan: number; ditarik: number }>(
    `SELECT kecamatan, desa, count(*) FILTER (WHERE jenis <> 'BATAL')::int AS perubahan, count(*) FILTER (WHERE jenis = 'BATAL')::int AS ditarik
     FROM change_history WHERE urutan = 1 GROUP BY 1, 2 ORDER BY 1, 2`
  )
  const conflicts = await pool.query<{ nik: string; rincian: string }>(
    `SELECT nik, string_agg(DISTINCT kecamatan || ' (' || desa || '): ' || jenis, '; ') AS rincian
     FROM accepted_changes GROUP BY nik HAVING count(DISTINCT kecamatan) > 1 ORDER BY nik LIMIT 1000`
  )
  const rows = (list: string[][]) => list.map((r) => `<tr>${r.join('')}</tr>`).join('\n')
  const td = (v: unknown) => `<td>${esc(v)}</td>`
  const kecamatanSeen = new Set<string>()
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>${esc(name)} — paket diterima</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse;margin-bottom:2rem}td,th{border:1px solid #c9ced6;padding:.3rem .6rem;text-align:left}th{background:#eef1f5}a{color:#0b57d0}</style>
</head><body>
<h1>${esc(name)}: paket yang diterima</h1>
<h2 id="bulan">Paket per kecamatan dan bulan</h2>
<table aria-labelledby="bulan"><thead><tr><th>Kecamatan</th><th>Bulan</th><th>Paket</th><th>Perubahan</th></tr></thead><tbody>
${rows(perMonth.rows.map((r) => [td(r.kecamatan), td(r.bulan), td(r.paket), td(r.perubahan)]))}
</tbody></table>
<h2 id="desa">Perubahan per desa (Excel untuk SIKS-NG)</h2>
<table aria-labelledby="desa"><thead><tr><th>Kecamatan</th><th>Desa</th><th>Perubahan</th><th>Ditarik</th><th>Unduh</th></tr></thead><tbody>
${rows(
  perDesa.rows.map((r) => {
    const first = !kecamatanSeen.has(r.kecamatan)
    kecamatanSeen.add(r.kecamatan)
    const all = first ? ` · <a href="${esc(link(r.kecamatan))}">semua desa ${esc(r.kecamatan)}</a>` : ''
    return [
      td(r.kecamatan),
      td(r.desa),
      td(r.perubahan),
      td(r.ditarik),
      `<td><a href="${esc(link(r.kecamatan, r.desa))}">Excel ${esc(r.desa)}</a>${all}</td>`
    ]
  })
)}
</tbody></table>
<h2 id="konflik">NIK yang diubah oleh lebih dari satu kecamatan</h2>
<table aria-labelledby="konflik"><thead><tr><th>NIK</th><th>Perubahan</th></tr></thead><tbody>
${rows(conflicts.rows.map((r) => [td(r.nik), td(r.rincian)]))}
</tbody></table>
</body></html>
`
}
