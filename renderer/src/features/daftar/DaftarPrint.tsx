import type { DaftarDesa, DaftarFile, DaftarPerbaikan } from '@shared/api/types'
import { isoToDisplay } from '@shared/domain/dates'
import { displayValue } from '@shared/i18n'
import { useRef } from 'react'
import { createPortal } from 'react-dom'
import { useShallow } from 'zustand/react/shallow'

import { type T, useT } from '../../lib/i18n'
import { useOverlayPage } from '../../lib/overlay-page'
import { type AppState, useAppStore } from '../../store'

const MISSING_FIELDS = ['nik', 'no_kk', 'nama', 'jenis_kelamin', 'tanggal_lahir', 'shdk', 'alamat', 'rt', 'rw'] as const

const selectDaftarPrint = (s: AppState) => ({ model: s.daftarPrint, close: s.closeDaftarPrint, locale: s.locale })

/**
 * The daftar perbaikan as a printable page: the same model as the .xlsx, one section per desa
 * (each starting a new sheet of paper). Shown over the app, and alone when printed (print CSS).
 * NIKs are shown whole, even with masking on (docs/decisions.md): the village needs them to find and
 * fix its rows. The page says so on every desa's sheet.
 */
export function DaftarPrint() {
  const { model, close, locale } = useAppStore(useShallow(selectDaftarPrint))
  const t = useT()
  const printRef = useRef<HTMLButtonElement>(null)

  useOverlayPage(model, close, printRef)

  if (!model) return null
  return createPortal(
    <div className="daftar-print" role="dialog" aria-modal="true" aria-label={t('ui.daftar.view')} data-testid="daftar-print">
      <div className="daftar-actions no-print">
        <button type="button" ref={printRef} data-testid="daftar-print-now" onClick={() => window.print()}>
          {t('ui.daftar.printNow')}
        </button>
        <button type="button" data-testid="daftar-print-close" onClick={close}>
          {t('ui.daftar.close')}
        </button>
      </div>
      {model.desa.length === 0 ? (
        <section className="daftar-desa">
          <h2>{t('daftar.title')}</h2>
          <p data-testid="daftar-none">{t('daftar.none')}</p>
        </section>
      ) : (
        model.desa.map((d) => <DesaSection key={d.desa} model={model} d={d} t={t} locale={locale} />)
      )}
    </div>,
    document.body
  )
}

function DesaSection(props: { model: DaftarPerbaikan; d: DaftarDesa; t: T; locale: AppState['locale'] }) {
  const { model, d, t, locale } = props
  const rows = d.files.reduce((n, f) => n + f.rows.length, 0)
  const name = d.desa || t('daftar.desaUnknown')
  return (
    <section className="daftar-desa" data-testid={`daftar-desa-${d.desa}`} aria-label={`${t('daftar.desa')} ${name}`}>
      <h2>{t('daftar.title')}</h2>
      <dl className="daftar-head">
        {model.kabupaten && (
          <>
            <dt>{t('daftar.kabupaten')}</dt>
            <dd>{model.kabupaten}</dd>
          </>
        )}
        <dt>{t('daftar.kecamatan')}</dt>
        <dd>{model.kecamatan || '—'}</dd>
        <dt>{t('daftar.desa')}</dt>
        <dd>{name}</dd>
        <dt>{t('daftar.date')}</dt>
        <dd>{isoToDisplay(model.date)}</dd>
        {d.files.map((f) => (
          <FileName key={f.fileName} f={f} t={t} />
        ))}
      </dl>
      <p className="daftar-ids-note" data-testid="daftar-whole-ids">
        {t('daftar.wholeIds')}
      </p>
      {rows + d.missing.length === 0 ? (
        <p>{t('daftar.none')}</p>
      ) : (
        <>
          <p className="daftar-summary">{t('daftar.summary', { rows, missing: d.missing.length })}</p>
          {d.files.map((f) => (
            <FileTable key={f.fileName} f={f} t={t} />
          ))}
          {d.missing.length > 0 && (
            <>
              <h3>{t('daftar.missing.title')}</h3>
              <p>{t('daftar.missing.instructions')}</p>
              <table className="daftar-table" data-testid="daftar-missing">
                <thead>
                  <tr>
                    {MISSING_FIELDS.map((f) => (
                      <th key={f} scope="col">
                        {t(`field.${f}`)}
                      </th>
                    ))}
                    <th scope="col">{t('daftar.col.problem')}</th>
                    <th scope="col" className="daftar-fix">
                      {t('daftar.col.fix')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.missing.map((m) => (
                    <tr key={m.nik}>
                      {MISSING_FIELDS.map((f) => (
                        <td key={f} className={f === 'nik' || f === 'no_kk' ? 'id-cell' : undefined}>
                          {m[f] === '' ? '' : displayValue(locale, f, m[f])}
                        </td>
                      ))}
                      <td>{m.problem}</td>
                      <td className="daftar-fix" />
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  )
}

function FileName(props: { f: DaftarFile; t: T }) {
  return (
    <>
      <dt>{props.t('daftar.file')}</dt>
      <dd>{props.t('daftar.fileOf', { file: props.f.fileName, sheet: props.f.sheet })}</dd>
    </>
  )
}

function FileTable(props: { f: DaftarFile; t: T }) {
  const { f, t } = props
  if (f.rows.length === 0) return null
  return (
    <>
      <p>{t('daftar.instructions')}</p>
      <table className="daftar-table" data-testid="daftar-rows">
        <caption>{t('daftar.fileOf', { file: f.fileName, sheet: f.sheet })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('daftar.col.row')}</th>
            {f.columns.map((c, i) => (
              <th key={`${i}-${c}`} scope="col">
                {c}
              </th>
            ))}
            <th scope="col">{t('daftar.col.problem')}</th>
            <th scope="col" className="daftar-fix">
              {t('daftar.col.fix')}
            </th>
          </tr>
        </thead>
        <tbody>
          {f.rows.map((r) => (
            <tr key={r.rowNo} data-row={r.rowNo}>
              <th scope="row">{r.rowNo}</th>
              {r.cells.map((c, i) => (
                <td key={i} className={/^\d{15,17}$/.test(c) ? 'id-cell' : undefined}>
                  {c}
                </td>
              ))}
              <td className="daftar-problem">
                {r.problems.map((p, i) => (
                  <div key={i}>{p}</div>
                ))}
              </td>
              <td className="daftar-fix" />
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
