import type { PackageEntry } from '@shared/api/types'
import { formatNumber } from '@shared/i18n'
import { useShallow } from 'zustand/react/shallow'

import { type T, useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'

const selectPackageList = (s: AppState) => ({
  packages: s.packages,
  missing: s.packageFileMissing,
  busy: s.busy,
  locale: s.locale,
  saveBeritaAcara: s.saveBeritaAcara,
  printBeritaAcara: s.printBeritaAcara,
  choosePackageFile: s.choosePackageFile,
  openSavedPackage: s.openSavedPackage
})

/**
 * Every package this workspace made, with the berita acara of each as PDF or print: the host reads
 * the package file again (the one this PC saved, or one the operator chooses when it was moved).
 */
export function PackageList() {
  const t = useT()
  const { packages, missing, busy, locale, saveBeritaAcara, printBeritaAcara, choosePackageFile, openSavedPackage } = useAppStore(
    useShallow(selectPackageList)
  )
  if (!packages) return null
  return (
    <section className="package-list" data-testid="package-list" aria-labelledby="packages-title">
      <h3 id="packages-title">{t('ui.packages.title')}</h3>
      {packages.length === 0 ? (
        <p className="muted">{t('ui.packages.none')}</p>
      ) : (
        <>
          <p className="hint">{t('ui.packages.intro')}</p>
          <table className="sources">
            <thead>
              <tr>
                <th scope="col">{t('ui.packages.col.seq')}</th>
                <th scope="col">{t('ui.packages.col.at')}</th>
                <th scope="col">{t('ui.packages.col.file')}</th>
                <th scope="col">{t('ui.packages.col.changes')}</th>
                <th scope="col">{t('ui.packages.col.received')}</th>
                <th scope="col">{t('ui.packages.col.ba')}</th>
              </tr>
            </thead>
            <tbody>
              {packages.map((p) => (
                <Row
                  key={p.sha256}
                  p={p}
                  t={t}
                  n={(x) => formatNumber(locale, x)}
                  busy={busy}
                  missing={missing === p.sha256}
                  onPdf={() => void saveBeritaAcara(p.sha256)}
                  onPrint={() => void printBeritaAcara(p.sha256)}
                  onChoose={(name, bytes) => void choosePackageFile(p.sha256, name, bytes)}
                  onOpen={() => void openSavedPackage(p.sha256)}
                />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}

function Row(props: {
  p: PackageEntry
  t: T
  n(x: number): string
  busy: boolean
  missing: boolean
  onPdf(): void
  onPrint(): void
  onChoose(name: string, bytes: Uint8Array): void
  /** The saved file in the viewer, to approve it or see its approvals. */
  onOpen(): void
}) {
  const { p, t, n, busy, missing } = props
  return (
    <tr data-testid={`package-${p.seq}`}>
      <td className="num">{p.seq}</td>
      <td>
        {p.at.slice(0, 16).replace('T', ' ')}
        <div className="hint">{p.by}</div>
      </td>
      <td className="mono">{p.fileName}</td>
      <td className="num">{n(p.changes)}</td>
      <td>{p.receivedAt ? p.receivedAt.slice(0, 10) : t('ui.packages.notReceived')}</td>
      <td>
        <div className="actions">
          <button
            type="button"
            data-testid={`package-ba-pdf-${p.seq}`}
            aria-label={t('ui.packages.pdfOf', { seq: p.seq })}
            disabled={busy}
            onClick={props.onPdf}
          >
            {t('ui.packages.pdf')}
          </button>
          <button
            type="button"
            data-testid={`package-ba-print-${p.seq}`}
            aria-label={t('ui.packages.printOf', { seq: p.seq })}
            disabled={busy}
            onClick={props.onPrint}
          >
            {t('ui.packages.print')}
          </button>
          <button
            type="button"
            data-testid={`package-open-${p.seq}`}
            aria-label={t('ui.packages.openOf', { seq: p.seq })}
            disabled={busy}
            onClick={props.onOpen}
          >
            {t('ui.export.approve')}
          </button>
        </div>
        {missing && (
          <label className="field">
            {t('ui.packages.choose', { seq: p.seq, file: p.fileName })}
            <input
              type="file"
              accept=".zip,.cermat"
              data-testid={`package-choose-${p.seq}`}
              onChange={(e) => {
                const file = e.target.files?.[0]
                e.target.value = ''
                if (file) void file.arrayBuffer().then((b) => props.onChoose(file.name, new Uint8Array(b)))
              }}
            />
          </label>
        )}
      </td>
    </tr>
  )
}
