import type { PackageView } from '@shared/api/types'
import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import type { T } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'

const selectApprove = (s: AppState) => ({
  approverKey: s.approverKey,
  osProtects: s.keyStatus?.protection === 'os',
  busy: s.busy,
  loadApproverKey: s.loadApproverKey,
  createApproverKey: s.createApproverKey,
  approvePackage: s.approvePackage
})

/**
 * "Setujui paket…": the camat or kasi approves the package shown, with their own key on this PC
 * (made here once) or a key file from `cermat key --new`. What is typed goes to the host once; the
 * host signs and writes the approved file. The page never holds a key.
 */
export function ApproveForm({ view, t }: { view: PackageView; t: T }) {
  const { approverKey, osProtects, busy, loadApproverKey, createApproverKey, approvePackage } = useAppStore(useShallow(selectApprove))
  const [open, setOpen] = useState(false)
  const [role, setRole] = useState<'camat' | 'kasi'>('camat')
  const [name, setName] = useState('')
  const [nip, setNip] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [keyFile, setKeyFile] = useState<{ fileName: string; bytes: Uint8Array } | null>(null)
  const [newPass, setNewPass] = useState('')
  const [newPass2, setNewPass2] = useState('')
  const [withoutPass, setWithoutPass] = useState(false)

  if (!view.valid) return null
  if (!open)
    return (
      <button
        type="button"
        data-testid="viewer-approve-open"
        onClick={() => {
          setOpen(true)
          void loadApproverKey()
        }}
      >
        {t('ui.approve.open')}
      </button>
    )

  const hasKey = keyFile !== null || approverKey?.exists === true
  const needPass = keyFile !== null || approverKey?.protection === 'passphrase'
  const nipOk = nip === '' || /^[0-9]+$/.test(nip)
  const canApprove = !busy && hasKey && name.trim() !== '' && nipOk && (!needPass || passphrase.length >= 8)
  const newOk = withoutPass || (newPass.length >= 8 && newPass === newPass2)

  return (
    <section className="viewer-approve card" data-testid="viewer-approve" aria-labelledby="viewer-approve-title">
      <h3 id="viewer-approve-title">{t('ui.approve.title')}</h3>
      <p className="hint">{t('ui.approve.intro')}</p>
      {approverKey?.exists ? (
        <p data-testid="viewer-approver-key">
          {t('ui.approve.key', { keyId: approverKey.keyId ?? '' })}
          <br />
          <span className="muted">{t('ui.approve.publicKey')}</span> <code className="hash">{approverKey.publicKey}</code>
        </p>
      ) : (
        !keyFile &&
        approverKey && (
          <div data-testid="viewer-new-key">
            <p>{t('ui.approve.noKey')}</p>
            {osProtects && (
              <label className="field inline">
                <input type="checkbox" checked={withoutPass} onChange={(e) => setWithoutPass(e.target.checked)} />
                {t('ui.approve.keyOs')}
              </label>
            )}
            {!withoutPass && (
              <>
                <label className="field">
                  {t('ui.approve.keyPassphrase')}
                  <input type="password" data-testid="viewer-key-pass" value={newPass} onChange={(e) => setNewPass(e.target.value)} />
                </label>
                <label className="field">
                  {t('ui.unlock.again')}
                  <input type="password" data-testid="viewer-key-pass2" value={newPass2} onChange={(e) => setNewPass2(e.target.value)} />
                  {newPass2 !== '' && newPass !== newPass2 && <span className="hint warn">{t('ui.unlock.mismatch')}</span>}
                </label>
              </>
            )}
            <button
              type="button"
              data-testid="viewer-create-key"
              disabled={busy || !newOk}
              onClick={() =>
                void createApproverKey(withoutPass ? undefined : newPass).then((made) => {
                  if (made) {
                    setNewPass('')
                    setNewPass2('')
                  }
                })
              }
            >
              {t('ui.approve.createKey')}
            </button>
          </div>
        )
      )}
      <label className="field">
        {t('ui.approve.keyFile')}
        <input
          type="file"
          data-testid="viewer-key-file"
          accept=".json,application/json"
          onChange={(e) => {
            const f = e.target.files?.[0]
            if (f) void f.arrayBuffer().then((b) => setKeyFile({ fileName: f.name, bytes: new Uint8Array(b) }))
            else setKeyFile(null)
          }}
        />
        {keyFile && <span className="hint">{t('ui.approve.keyFileChosen', { file: keyFile.fileName })}</span>}
      </label>
      <label className="field">
        {t('ui.approve.role')}
        <select data-testid="viewer-approve-role" value={role} onChange={(e) => setRole(e.target.value === 'kasi' ? 'kasi' : 'camat')}>
          <option value="camat">{t('ui.approval.role.camat')}</option>
          <option value="kasi">{t('ui.approval.role.kasi')}</option>
        </select>
      </label>
      <label className="field">
        {t('ui.approve.name')}
        <input data-testid="viewer-approve-name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        {t('ui.approve.nip')}
        <input
          data-testid="viewer-approve-nip"
          value={nip}
          inputMode="numeric"
          maxLength={30}
          onChange={(e) => setNip(e.target.value.trim())}
        />
        {!nipOk && <span className="hint warn">{t('ui.approve.nipDigits')}</span>}
      </label>
      {needPass && (
        <label className="field">
          {t('ui.approve.passphrase')}
          <input type="password" data-testid="viewer-approve-pass" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        </label>
      )}
      <button
        type="button"
        className="primary"
        data-testid="viewer-approve-submit"
        disabled={!canApprove}
        onClick={() =>
          void approvePackage({
            role,
            name: name.trim(),
            ...(nip ? { nip } : {}),
            ...(needPass ? { passphrase } : {}),
            ...(keyFile ? { keyFile } : {})
          }).then((done) => {
            setPassphrase('')
            if (done) setOpen(false)
          })
        }
      >
        {t('ui.approve.submit')}
      </button>
    </section>
  )
}
