/** The Dinas's overview page: packages per kecamatan and month, and NIKs changed by two kecamatan. */
import type { Pool } from './db'

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export async function renderPage(pool: Pool, name: string): Promise<string> {
  const perMonth = await pool.query<{ kecamatan: string; bulan: string; paket: number; perubahan: number }>(
    `SELECT kecamatan, to_char(received_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM') AS bulan, count(*)::int AS paket, sum(changes)::int AS perubahan
     FROM packages GROUP BY 1, 2 ORDER BY 2 DESC, 1`
  )
  const conflicts = await pool.query<{ nik: string; kecamatan: string; jenis: string }>(
    `SELECT nik, string_agg(DISTINCT kecamatan, ', ' ORDER BY kecamatan) AS kecamatan, string_agg(DISTINCT jenis, ', ' ORDER BY jenis) AS jenis
     FROM changes GROUP BY nik HAVING count(DISTINCT kecamatan) > 1 ORDER BY nik LIMIT 500`
  )
  const rows = (list: string[][]) => list.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>${esc(name)} — paket diterima</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse;margin-bottom:2rem}td,th{border:1px solid #c9ced6;padding:.3rem .6rem;text-align:left}th{background:#eef1f5}</style>
</head><body>
<h1>${esc(name)}: paket yang diterima</h1>
<h2>Paket per kecamatan dan bulan</h2>
<table><thead><tr><th>Kecamatan</th><th>Bulan</th><th>Paket</th><th>Perubahan</th></tr></thead><tbody>
${rows(perMonth.rows.map((r) => [r.kecamatan, r.bulan, String(r.paket), String(r.perubahan)]))}
</tbody></table>
<h2>NIK yang diubah oleh lebih dari satu kecamatan</h2>
<table><thead><tr><th>NIK</th><th>Kecamatan</th><th>Jenis perubahan</th></tr></thead><tbody>
${rows(conflicts.rows.map((r) => [r.nik, r.kecamatan, r.jenis]))}
</tbody></table>
</body></html>
`
}
