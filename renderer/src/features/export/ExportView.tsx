import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'
import { SendToDinas } from '../kirim/SendToDinas'
import { BeritaAcaraSheet } from './BeritaAcaraSheet'
import { HeldList } from './HeldList'
import { PackageList } from './PackageList'

const selectExportView = (s: AppState) => ({
  preview: s.exportPreview,
  keyStatus: s.keyStatus,
  lastExport: s.lastExport,
  beritaAcara: s.beritaAcara,
  busy: s.busy,
  exportAll: s.exportAll,
  setExportAll: s.setExportAll,
  exportPackage: s.exportPackage,
  saveBeritaAcara: s.saveBeritaAcara,
  printBeritaAcara: s.printBeritaAcara,
  approvalRequired: s.workspace?.approvalRequired ?? false,
  approvalsByPackage: s.approvalsByPackage,
  openSavedPackage: s.openSavedPackage,
  checkSavedApproval: s.checkSavedApproval
})

function humanBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`
}

export function ExportView() {
  const t = useT()
  const {
    preview,
    keyStatus,
    lastExport,
    beritaAcara,
    busy,
    exportAll,
    setExportAll,
    exportPackage,
    saveBeritaAcara,
    printBeritaAcara,
    approvalRequired,
    approvalsByPackage,
    openSavedPackage,
    checkSavedApproval
  } = useAppStore(useShallow(selectExportView))
  // Every desa with decided changes goes in, unless the operator unticks it.
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set())
  const [passphrase, setPassphrase] = useState('')
  const lastSha = lastExport?.sha256
  // Whether the file saved is approved (here or by cermat approve), read from the file itself.
  useEffect(() => {
    if (lastSha) void checkSavedApproval(lastSha)
  }, [lastSha, checkSavedApproval])

  if (!preview) return <p className="muted">{t('ui.busy')}</p>
  const chosen = new Set(preview.desa.filter((d) => d.changes > 0 && !unticked.has(d.desa)).map((d) => d.desa))
  const total = preview.desa.filter((d) => chosen.has(d.desa)).reduce((n, d) => n + d.changes, 0)
  const heldCount = preview.desa.reduce((n, d) => n + d.held, 0)
  const needPass = keyStatus?.passphraseRequired ?? false
  const canExport = total > 0 && !busy && (!needPass || passphrase.length >= 8)
  // The loaded berita acara may be of an earlier package (the list below): the last one's only when it matches.
  const lastBa = lastExport && beritaAcara?.package.sha256 === lastExport.sha256 ? beritaAcara : null

  return (
    <>
      <section className="export card" data-testid="export-view">
        <h2>{t('ui.export.title')}</h2>
        <p>{t('ui.export.intro')}</p>
        {preview.lastPackage !== null && (
          <>
            <p className="hint" data-testid="export-since">
              {t('ui.export.since', { seq: preview.lastPackage })}
            </p>
            <label className="field inline">
              <input
                type="checkbox"
                data-testid="export-all"
                checked={exportAll}
                disabled={busy}
                onChange={(e) => void setExportAll(e.target.checked)}
              />
              {t('ui.export.all')}
            </label>
          </>
        )}
        <table className="sources">
          <thead>
            <tr>
              <th />
              <th>{t('ui.export.col.desa')}</th>
              <th>{t('ui.export.col.changes')}</th>
              <th>{t('ui.export.col.held')}</th>
              <th>{t('ui.export.col.sent')}</th>
              <th>{t('ui.export.col.open')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.desa.map((d) => (
              <tr key={d.desa}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={d.desa}
                    data-testid={`export-desa-${d.desa}`}
                    checked={chosen.has(d.desa)}
                    disabled={d.changes === 0}
                    onChange={(e) => {
                      const next = new Set(unticked)
                      if (e.target.checked) next.delete(d.desa)
                      else next.add(d.desa)
                      setUnticked(next)
                    }}
                  />
                </td>
                <td>{d.desa || t('ui.desaUnknown')}</td>
                <td className="num" data-testid={`export-changes-${d.desa}`}>
                  {d.changes}
                  {d.corrections > 0 && <div className="hint">{t('ui.export.corrections', { n: d.corrections })}</div>}
                  {d.withdrawn > 0 && (
                    <div className="hint" data-testid={`export-withdrawn-${d.desa}`}>
                      {t('ui.export.withdrawn', { n: d.withdrawn })}
                    </div>
                  )}
                </td>
                <td className={d.held > 0 ? 'num warn' : 'num'} data-testid={`export-held-${d.desa}`}>
                  {d.held}
                </td>
                <td className="num">
                  {d.sent}
                  {d.received > 0 && <div className="hint">{t('ui.export.received', { n: d.received })}</div>}
                </td>
                <td className="num">
                  {d.open}
                  {d.missingBasis > 0 && (
                    <div className="hint warn" data-testid={`missing-basis-${d.desa}`}>
                      {t('ui.export.missingBasis', { n: d.missingBasis })}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {preview.desa.every((d) => d.changes === 0) && (
          <p className="hint" data-testid="export-none">
            {preview.lastPackage !== null && preview.desa.some((d) => d.sent > 0)
              ? t('error.NOTHING_NEW_TO_EXPORT', { seq: preview.lastPackage, held: heldCount })
              : heldCount > 0
                ? t('error.EXPORT_ALL_HELD', { count: heldCount })
                : t('ui.export.none')}
          </p>
        )}
        <HeldList held={preview.held} />
        <p className="muted">{keyStatus?.exists ? t('ui.export.key', { keyId: keyStatus.keyId ?? '' }) : t('ui.export.keyNew')}</p>
        {needPass && (
          <label className="field">
            {t('ui.export.passphrase')}
            <input
              type="password"
              data-testid="passphrase"
              value={passphrase}
              minLength={8}
              onChange={(e) => setPassphrase(e.target.value)}
            />
            <span className="hint">{t('ui.export.passphraseHint')}</span>
          </label>
        )}
        <button
          type="button"
          className="primary"
          data-testid="export-button"
          disabled={!canExport}
          onClick={() => void exportPackage([...chosen], needPass ? passphrase : undefined)}
        >
          {t('ui.export.button')}
        </button>
        <p className="hint">{t('ui.export.label')}</p>
        {lastExport && (
          <div className="result" data-testid="export-result">
            <strong>{t('ui.export.done', { file: lastExport.fileName })}</strong>
            <p className="mono">{lastExport.location}</p>
            <p className="mono">
              {t('ui.export.detail', {
                changes: lastExport.changes,
                bytes: humanBytes(lastExport.bytes),
                sha: lastExport.sha256.slice(0, 16) + '…',
                keyId: lastExport.keyId
              })}
            </p>
            {(approvalsByPackage[lastExport.sha256]?.length ?? 0) > 0 ? (
              <p data-testid="export-approved">
                {t('ui.export.approved', {
                  list: approvalsByPackage[lastExport.sha256]!.map(
                    (a) => `${t(`ui.approval.role.${a.role}`)} ${a.name} (${a.approvedAt})`
                  ).join('; ')
                })}
              </p>
            ) : (
              approvalRequired && (
                <p className="hint warn" role="alert" data-testid="export-approval-needed">
                  {t('ui.export.approvalNeeded', { file: lastExport.fileName })}
                </p>
              )
            )}
            <button type="button" data-testid="export-approve" disabled={busy} onClick={() => void openSavedPackage(lastExport.sha256)}>
              {t('ui.export.approve')}
            </button>
            <SendToDinas sha256={lastExport.sha256} fileName={lastExport.fileName} />
          </div>
        )}
        {lastExport && (
          <section className="berita-acara" data-testid="berita-acara" aria-labelledby="ba-title">
            <h3 id="ba-title">{t('ui.ba.title')}</h3>
            <p className="hint">{t('ui.ba.intro')}</p>
            {lastBa ? (
              <p data-testid="ba-number">{t('ui.ba.number', { number: lastBa.number, n: lastBa.counts.total })}</p>
            ) : (
              <p className="muted">{t('ui.ba.loading')}</p>
            )}
            <div className="actions">
              <button type="button" data-testid="ba-save-pdf" disabled={busy || !lastBa} onClick={() => void saveBeritaAcara()}>
                {t('ui.ba.savePdf')}
              </button>
              <button type="button" data-testid="ba-print" disabled={!lastBa} onClick={() => void printBeritaAcara(lastExport.sha256)}>
                {t('ui.ba.print')}
              </button>
            </div>
          </section>
        )}
        <PackageList />
      </section>
      {beritaAcara && <BeritaAcaraSheet ba={beritaAcara} />}
    </>
  )
}
