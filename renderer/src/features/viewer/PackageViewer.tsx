import type { PackageView } from '@shared/api/types'
import { formatNumber } from '@shared/i18n'
import { useRef } from 'react'
import { createPortal } from 'react-dom'
import { useShallow } from 'zustand/react/shallow'

import { type T, useT } from '../../lib/i18n'
import { useOverlayPage } from '../../lib/overlay-page'
import { type AppState, useAppStore } from '../../store'
import { BeritaAcaraSheet } from '../export/BeritaAcaraSheet'
import { ApprovalList } from './ApprovalList'
import { ApproveForm } from './ApproveForm'

const KINDS = ['UBAH', 'BARU', 'STATUS', 'HAPUS', 'BATAL'] as const
/** Same name as the host's KEYRING_FILE (electron/engine-host/host.ts): shown to say where to put it. */
const KEYRING_FILE = 'keyring.json'

const selectViewer = (s: AppState) => ({
  view: s.packageView,
  close: s.closePackageView,
  workspace: s.workspace,
  beritaAcara: s.beritaAcara,
  busy: s.busy,
  saveBeritaAcara: s.saveBeritaAcara,
  printBeritaAcara: s.printBeritaAcara
})

/**
 * The package viewer: the verifier's verdict in words first, then (only for a SAH package) what it
 * carries. Read-only; NIKs are shown whole and never wrapped: the Dinas checks them against its records.
 */
export function PackageViewer() {
  const { view, close, workspace, beritaAcara, busy, saveBeritaAcara, printBeritaAcara } = useAppStore(useShallow(selectViewer))
  const t = useT()
  const closeRef = useRef<HTMLButtonElement>(null)

  useOverlayPage(view, close, closeRef)

  if (!view) return null
  return createPortal(
    <div className="package-viewer" role="dialog" aria-modal="true" aria-labelledby="viewer-title" data-testid="package-viewer">
      <div className="viewer-actions">
        <h2 id="viewer-title">{t('ui.viewer.title', { file: view.fileName })}</h2>
        <button type="button" ref={closeRef} data-testid="viewer-close" onClick={close}>
          {t('ui.viewer.close')}
        </button>
      </div>
      <Verdict view={view} t={t} />
      {/* The berita acara of a valid package, with this workspace's letter settings (the host refuses another workspace's). */}
      {view.valid && workspace && (
        <div className="viewer-ba" data-testid="viewer-ba">
          <span>{t('ui.viewer.ba')}</span>
          <button type="button" data-testid="viewer-ba-pdf" disabled={busy} onClick={() => void saveBeritaAcara(view.sha256)}>
            {t('ui.packages.pdf')}
          </button>
          <button type="button" data-testid="viewer-ba-print" disabled={busy} onClick={() => void printBeritaAcara(view.sha256)}>
            {t('ui.packages.print')}
          </button>
        </div>
      )}
      {view.detail && <Detail view={view} t={t} />}
      {beritaAcara && beritaAcara.package.sha256 === view.sha256 && <BeritaAcaraSheet ba={beritaAcara} />}
    </div>,
    document.body
  )
}

function Verdict({ view, t }: { view: PackageView; t: T }) {
  const owner = view.trustedKecamatan ? t('ui.viewer.trustedOwner', { kecamatan: view.trustedKecamatan }) : ''
  return (
    <section className={view.valid ? 'verdict verdict-ok' : 'verdict verdict-bad'} data-testid="viewer-verdict" role="status">
      <p className="verdict-line">{view.valid ? t('ui.viewer.valid') : t('ui.viewer.invalid', { reason: view.reason ?? '' })}</p>
      {!view.valid && <p>{t('ui.viewer.invalidNote')}</p>}
      <dl className="viewer-head">
        {view.keyId && (
          <>
            <dt>{t('ui.viewer.keyId')}</dt>
            <dd>
              <code className="hash" data-testid="viewer-key-id">
                {view.keyId}
              </code>
              {view.valid && <> — {view.trusted ? t('ui.viewer.trusted', { owner }) : t('ui.viewer.untrusted')}</>}
            </dd>
          </>
        )}
        <dt>{t('ui.viewer.sha256')}</dt>
        <dd>
          <code className="hash">{view.sha256}</code>
        </dd>
      </dl>
      {(view.code === 'UNKNOWN_KEY' || (view.valid && !view.trusted)) && (
        <p className="muted">{t('ui.viewer.keyring', { file: KEYRING_FILE })}</p>
      )}
    </section>
  )
}

function Detail({ view, t }: { view: PackageView; t: T }) {
  const locale = useAppStore((s) => s.locale)
  const d = view.detail
  if (!d) return null
  const n = (x: number) => formatNumber(locale, x)
  return (
    <>
      <dl className="viewer-head" data-testid="viewer-detail">
        <dt>{t('ui.viewer.kecamatan')}</dt>
        <dd data-testid="viewer-kecamatan">{d.kecamatan || '-'}</dd>
        <dt>{t('ui.viewer.seq')}</dt>
        <dd data-testid="viewer-seq">{d.seq}</dd>
        <dt>{t('ui.viewer.previous')}</dt>
        <dd>{d.previousSha256 ? <code className="hash">{d.previousSha256}</code> : t('ui.viewer.previousNone')}</dd>
        <dt>{t('ui.viewer.operator')}</dt>
        <dd>{d.operator}</dd>
        <dt>{t('ui.viewer.signer')}</dt>
        <dd>{d.signer}</dd>
        <dt>{t('ui.viewer.createdAt')}</dt>
        <dd>{d.createdAt}</dd>
      </dl>
      <ApprovalList detail={d} t={t} />
      <ApproveForm key={view.sha256} view={view} t={t} />
      <table className="viewer-table" data-testid="viewer-counts">
        <caption>{t('ui.viewer.counts')}</caption>
        <thead>
          <tr>
            {KINDS.map((k) => (
              <th key={k} scope="col">
                {k}
              </th>
            ))}
            <th scope="col">{t('ui.viewer.total')}</th>
            <th scope="col">{t('ui.viewer.openFindings')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            {KINDS.map((k) => (
              <td key={k}>{n(d.counts[k])}</td>
            ))}
            <td>{n(d.counts.total)}</td>
            <td>{n(d.counts.openFindings)}</td>
          </tr>
        </tbody>
      </table>
      <table className="viewer-table" data-testid="viewer-desa">
        <caption>{t('ui.viewer.perDesa')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ui.viewer.col.desa')}</th>
            <th scope="col">{t('ui.viewer.col.changes')}</th>
            <th scope="col">{t('ui.viewer.openFindings')}</th>
          </tr>
        </thead>
        <tbody>
          {d.desa.map((x) => (
            <tr key={x.desa}>
              <td>{x.desa}</td>
              <td>{n(x.changes)}</td>
              <td>{n(x.openFindings)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.changes.length === 0 ? (
        <p>{t('ui.viewer.none')}</p>
      ) : (
        <table className="viewer-table" data-testid="viewer-changes">
          <caption>
            {t('ui.viewer.changes')} <span className="muted">{t('ui.viewer.wordsNote')}</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('ui.viewer.col.desa')}</th>
              <th scope="col">{t('ui.viewer.col.jenis')}</th>
              <th scope="col">{t('ui.viewer.col.nik')}</th>
              <th scope="col">{t('ui.viewer.col.nama')}</th>
              <th scope="col">{t('ui.viewer.col.what')}</th>
              <th scope="col">{t('ui.viewer.col.basis')}</th>
            </tr>
          </thead>
          <tbody>
            {d.changes.map((c, i) => (
              <tr key={i}>
                <td>{c.desa}</td>
                <td>{c.jenis}</td>
                <td className="id-cell">{c.nik}</td>
                <td>{c.nama}</td>
                <td>{c.what}</td>
                <td>{c.basis}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
