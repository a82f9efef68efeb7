import type { BeritaAcara } from '@shared/api/types'
import { type MessageKey, t } from '@shared/i18n'

/**
 * The berita acara as printed (only visible in print): the same content as the PDF, from the same
 * model read back from the saved package. Always Indonesian, with full NIKs: it is the document
 * the camat signs, not a screen.
 */
export function BeritaAcaraSheet({ ba }: { ba: BeritaAcara }) {
  const p = ba.package
  return (
    <div className="print-ba" data-testid="print-ba-sheet" lang="id">
      {ba.kop.length > 0 && (
        <header className="kop">
          {ba.kop.map((line, i) => (
            <div key={i} className="kop-line">
              {line}
            </div>
          ))}
          {ba.alamat && <div className="kop-alamat">{ba.alamat}</div>}
        </header>
      )}
      <h1>
        BERITA ACARA
        <br />
        VERIFIKASI DAN VALIDASI USULAN PERUBAHAN DATA DTKS/DTSEN
      </h1>
      <p className="ba-number">Nomor: {ba.number}</p>
      <p>
        Pada hari ini, {ba.dateText}, bertempat di {ba.place || '-'}, kami yang bertanda tangan di bawah ini telah memeriksa usulan
        perubahan data DTKS/DTSEN dari {ba.desa.length} desa di Kecamatan {ba.kecamatan || '-'}
        {ba.kabupaten ? `, Kabupaten/Kota ${ba.kabupaten}` : ''}, yang dikirim kepada Dinas Sosial dalam paket data bertanda tangan
        elektronik di bawah ini, dengan hasil sebagai berikut.
      </p>
      <h2>A. Paket data</h2>
      <dl className="ba-package">
        <dt>Nomor urut paket</dt>
        <dd>{p.seq}</dd>
        <dt>Nama file</dt>
        <dd>{p.fileName}</dd>
        <dt>Dibuat</dt>
        <dd>
          {p.createdAt} oleh {p.operator || '-'}
        </dd>
        <dt>SHA-256 paket</dt>
        <dd className="mono">{p.sha256}</dd>
        <dt>Sidik kunci penanda tangan</dt>
        <dd className="mono">{p.keyId}</dd>
        <dt>SHA-256 paket sebelumnya</dt>
        <dd className="mono">{p.previousSha256 ?? 'tidak ada (paket pertama)'}</dd>
      </dl>
      <h2>B. Jumlah perubahan</h2>
      <table>
        <tbody>
          {(['UBAH', 'BARU', 'STATUS', 'HAPUS', 'BATAL'] as const).map((k) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td className="num">{ba.counts[k]}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">JUMLAH</th>
            <td className="num">{ba.counts.total}</td>
          </tr>
        </tbody>
      </table>
      <p>Temuan yang belum diselesaikan (tidak termasuk dalam paket): {ba.counts.openFindings}.</p>
      <h2>C. Daftar perubahan</h2>
      <p className="ba-ids-note" data-testid="ba-whole-ids">
        {t('id', 'ba.wholeIds')}
      </p>
      <table className="ba-changes">
        <thead>
          <tr>
            <th>No.</th>
            <th>Desa</th>
            <th>NIK</th>
            <th>Nama</th>
            <th>Jenis</th>
            <th>Perubahan</th>
            <th>Dasar</th>
          </tr>
        </thead>
        <tbody>
          {ba.changes.map((c, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td>{c.desa}</td>
              <td className="mono nik">{c.nik}</td>
              <td>{c.nama}</td>
              <td>{c.jenis}</td>
              <td>{c.what}</td>
              <td>{c.basis}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.</p>
      <p className="ba-place">
        {ba.place || '-'}, {ba.dateText.replace(/^[^,]*, /, '')}
      </p>
      <div className="signatures">
        {ba.signatories.map((s) => (
          <div key={s.role} className="signature">
            <div>{t('id', `ui.sign.${s.role}` as MessageKey)}</div>
            <div>{s.title}</div>
            <div className="sign-space" />
            <div className="sign-name">{s.name || '(................................)'}</div>
            <div>NIP. {s.nip?.trim() || '..............................'}</div>
          </div>
        ))}
      </div>
    </div>
  )
}
