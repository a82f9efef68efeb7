import type { CarryForwardCounts } from '@shared/api/types'

import type { T } from '../lib/i18n'

/** What became of earlier decisions on a new master or a replacing file: one line, nothing when there were none. */
export function CarryForwardLine({ t, counts, testId }: { t: T; counts: CarryForwardCounts | undefined; testId: string }) {
  if (!counts || counts.carried + counts.fulfilled + counts.review + counts.orphaned === 0) return null
  return (
    <p className={counts.review + counts.orphaned > 0 ? 'carry-forward needs-review' : 'carry-forward muted'} data-testid={testId}>
      {t('ui.carryForward', { ...counts })}
    </p>
  )
}
