import type { PackageView } from '@shared/api/types'

import type { T } from '../../lib/i18n'

/** Who approved the package (camat, kasi) and when, or that the kabupaten's rule still waits for an approval. */
export function ApprovalList({ detail, t }: { detail: NonNullable<PackageView['detail']>; t: T }) {
  return (
    <section className="viewer-approvals" data-testid="viewer-approvals" aria-labelledby="viewer-approvals-title">
      <h3 id="viewer-approvals-title">{t('ui.viewer.approvals')}</h3>
      {detail.approvals.length === 0 ? (
        <p>{t('ui.viewer.approvalsNone')}</p>
      ) : (
        <ul>
          {detail.approvals.map((a) => (
            <li key={a.keyId}>
              {t('ui.viewer.approval', { role: t(`ui.approval.role.${a.role}`), name: a.name, at: a.approvedAt })}
              {a.nip && <> · NIP {a.nip}</>} · <code className="hash">{a.keyId}</code>
              {a.trusted === false && <strong> — {t('ui.viewer.approvalUnregistered')}</strong>}
            </li>
          ))}
        </ul>
      )}
      {detail.approvalMissing && (
        <p className="verdict-bad" role="alert">
          {t('ui.viewer.approvalMissing')}
        </p>
      )}
    </section>
  )
}
