import type { Delivery } from '@shared/api/types'
import { isPublicKey, publicKeyFromText } from '@shared/delivery/receiver-key'
import { type ChangeEvent, useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { formatMoment } from '../../lib/dates'
import { type T, useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'
import { SendToDinas } from './SendToDinas'

const selectKirim = (s: AppState) => ({
  workspace: s.workspace,
  lastExport: s.lastExport,
  deliveries: s.deliveries,
  receiptImported: s.receiptImported,
  busy: s.busy,
  locale: s.locale,
  loadDeliveries: s.loadDeliveries,
  pauseDelivery: s.pauseDelivery,
  resumeDelivery: s.resumeDelivery,
  importReceipt: s.importReceipt,
  updateSettings: s.updateSettings
})

const URL_PATTERN = /^https?:\/\/\S+$/

function humanBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`
}

function timeLeft(t: T, seconds: number | null): string {
  if (seconds === null) return t('ui.kirim.leftUnknown')
  return seconds < 90 ? t('ui.kirim.seconds', { n: seconds }) : t('ui.kirim.minutes', { n: Math.ceil(seconds / 60) })
}

/** The Kirim screen (docs/desktop.md): the receiver's address, the sending queue, and receipts off a USB stick. */
export function KirimView() {
  const t = useT()
  const s = useAppStore(useShallow(selectKirim))
  const { loadDeliveries } = s
  const [url, setUrl] = useState(s.workspace?.receiverUrl ?? '')
  const [key, setKey] = useState(s.workspace?.receiverKey ?? '')
  const [keyFileError, setKeyFileError] = useState<string | null>(null)
  const receiptInput = useRef<HTMLInputElement>(null)
  const keyInput = useRef<HTMLInputElement>(null)
  useEffect(() => {
    void loadDeliveries()
  }, [loadDeliveries])
  if (!s.workspace) return null
  const urlValid = url === '' || URL_PATTERN.test(url.trim())
  const keyValid = key.trim() === '' || isPublicKey(key.trim())
  const pinned = s.workspace.receiverKey !== ''

  const onKeyFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    e.target.value = ''
    if (!file) return
    void file.text().then((text) => {
      const found = publicKeyFromText(text)
      setKeyFileError(found ? null : t('ui.kirim.receiverKeyFileInvalid', { file: file.name }))
      if (found) setKey(found)
    })
  }

  const onReceipt = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    e.target.value = ''
    if (file) void file.arrayBuffer().then((b) => s.importReceipt(file.name, new Uint8Array(b)))
  }

  return (
    <section className="kirim card" data-testid="kirim-view">
      <h2>{t('ui.kirim.title')}</h2>
      <p>{t('ui.kirim.intro')}</p>
      <form
        className="receiver-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (urlValid && keyValid) void s.updateSettings({ receiverUrl: url.trim(), receiverKey: key.trim() })
        }}
      >
        <label className="field">
          {t('ui.kirim.receiver')}
          <input
            type="url"
            data-testid="receiver-url"
            value={url}
            maxLength={300}
            aria-invalid={!urlValid}
            aria-describedby="receiver-hint"
            onChange={(e) => setUrl(e.target.value)}
          />
          <span className={urlValid ? 'hint' : 'hint warn'} id="receiver-hint">
            {urlValid ? t('ui.kirim.receiverHint') : t('ui.kirim.receiverInvalid')}
          </span>
        </label>
        <label className="field">
          {t('ui.kirim.receiverKey')}
          <input
            type="text"
            className="mono"
            data-testid="receiver-key"
            value={key}
            maxLength={60}
            spellCheck={false}
            aria-invalid={!keyValid}
            aria-describedby="receiver-key-hint"
            onChange={(e) => {
              setKey(e.target.value)
              setKeyFileError(null)
            }}
          />
          <span className={keyValid && !keyFileError ? 'hint' : 'hint warn'} id="receiver-key-hint">
            {keyFileError ?? (keyValid ? t('ui.kirim.receiverKeyHint') : t('ui.kirim.receiverKeyInvalid'))}
          </span>
        </label>
        <button type="button" data-testid="receiver-key-choose" disabled={s.busy} onClick={() => keyInput.current?.click()}>
          {t('ui.kirim.receiverKeyFile')}
        </button>
        <input
          ref={keyInput}
          type="file"
          hidden
          data-testid="receiver-key-file"
          aria-label={t('ui.kirim.receiverKeyFile')}
          onChange={onKeyFile}
        />
        <button type="submit" data-testid="receiver-save" disabled={s.busy || !urlValid || !keyValid}>
          {t('ui.kirim.receiverSave')}
        </button>
      </form>
      {!pinned && (
        <p className="unpinned" role="alert" data-testid="receiver-not-pinned">
          {t('ui.kirim.notPinned')}
        </p>
      )}

      {s.lastExport && !s.deliveries.some((d) => d.sha256 === s.lastExport?.sha256) && (
        <div className="result" data-testid="kirim-pending">
          <strong>{t('ui.export.done', { file: s.lastExport.fileName })}</strong>
          <SendToDinas sha256={s.lastExport.sha256} fileName={s.lastExport.fileName} />
        </div>
      )}
      {s.deliveries.length === 0 ? (
        <p className="hint" data-testid="kirim-empty">
          {t('ui.kirim.empty')}
        </p>
      ) : (
        <table className="sources" data-testid="kirim-list">
          <caption className="sr-only">{t('ui.kirim.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ui.kirim.col.package')}</th>
              <th scope="col">{t('ui.kirim.col.state')}</th>
              <th scope="col">{t('ui.kirim.col.detail')}</th>
              <th scope="col">{t('ui.kirim.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {s.deliveries.map((d) => (
              <tr key={d.sha256} data-testid={`kirim-${d.fileName}`} data-state={d.state}>
                <td>
                  <div>{d.fileName}</div>
                  <div className="hint mono">
                    {humanBytes(d.bytes)} → {d.to}
                  </div>
                </td>
                <td data-testid="kirim-state">{t(`ui.kirim.state.${d.state}`)}</td>
                <td>
                  <Detail t={t} d={d} locale={s.locale} />
                </td>
                <td>
                  <Actions t={t} d={d} busy={s.busy} pause={s.pauseDelivery} resume={s.resumeDelivery} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <section className="receipt-import" aria-labelledby="receipt-title">
        <h3 id="receipt-title">{t('ui.kirim.importReceipt')}</h3>
        <p className="hint">{t('ui.kirim.importHint')}</p>
        <button type="button" data-testid="receipt-import" disabled={s.busy} onClick={() => receiptInput.current?.click()}>
          {t('ui.kirim.importReceipt')}
        </button>
        <input
          ref={receiptInput}
          type="file"
          hidden
          accept=".json,application/json"
          data-testid="receipt-file"
          aria-label={t('ui.kirim.importReceipt')}
          onChange={onReceipt}
        />
        {s.receiptImported && (
          <p className="result" role="status" data-testid="receipt-imported">
            {s.receiptImported.recorded
              ? t('ui.kirim.imported', {
                  seq: s.receiptImported.seq,
                  kecamatan: s.receiptImported.kecamatan,
                  changes: s.receiptImported.changes,
                  time: formatMoment(s.receiptImported.receivedAt, s.locale)
                })
              : t('ui.kirim.importedAgain', { seq: s.receiptImported.seq })}
          </p>
        )}
      </section>
    </section>
  )
}

function Detail({ t, d, locale }: { t: T; d: Delivery; locale: 'id' | 'en' }) {
  if (d.state === 'sending' && d.progress) {
    const pct = d.progress.total > 0 ? Math.floor((d.progress.sent / d.progress.total) * 100) : 0
    return (
      <div
        className="progress"
        role="progressbar"
        aria-label={t('ui.kirim.progressLabel', { file: d.fileName })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        data-testid="kirim-progress"
      >
        <span className="progress-bar" style={{ width: `${pct}%` }} />
        <span className="progress-text">
          {t('ui.kirim.progress', {
            sent: humanBytes(d.progress.sent),
            total: humanBytes(d.progress.total),
            speed: humanBytes(Math.round(d.progress.bytesPerSecond)),
            left: timeLeft(t, d.progress.secondsLeft)
          })}
        </span>
      </div>
    )
  }
  if (d.state === 'received' && d.receivedAt)
    return (
      <span data-testid="kirim-received">
        {t('ui.kirim.receivedAt', { time: formatMoment(d.receivedAt, locale), seq: d.seq ?? '', id: d.receiptId ?? '' })}
      </span>
    )
  if (d.state === 'refused')
    return (
      <span className="warn" data-testid="kirim-reason">
        {t('ui.kirim.refusedReason', { reason: d.reason ?? '' })}
      </span>
    )
  if (d.lastError)
    return (
      <span className="hint" data-testid="kirim-error">
        {t('ui.kirim.attempt', { n: d.attempts, error: d.lastError })}
      </span>
    )
  return null
}

function Actions({
  t,
  d,
  busy,
  pause,
  resume
}: {
  t: T
  d: Delivery
  busy: boolean
  pause(sha: string): Promise<void>
  resume(sha: string): Promise<void>
}) {
  if (d.state === 'sending' || d.state === 'queued' || d.state === 'offline')
    return (
      <div className="actions">
        <button type="button" disabled={busy} aria-label={t('ui.kirim.pauseOf', { file: d.fileName })} onClick={() => void pause(d.sha256)}>
          {t('ui.kirim.pause')}
        </button>
        {d.state === 'offline' && (
          <button type="button" disabled={busy} onClick={() => void resume(d.sha256)}>
            {t('ui.kirim.retry')}
          </button>
        )}
      </div>
    )
  if (d.state === 'paused' || d.state === 'refused')
    return (
      <button type="button" disabled={busy} aria-label={t('ui.kirim.resumeOf', { file: d.fileName })} onClick={() => void resume(d.sha256)}>
        {d.state === 'paused' ? t('ui.kirim.resume') : t('ui.kirim.resend')}
      </button>
    )
  return null
}
