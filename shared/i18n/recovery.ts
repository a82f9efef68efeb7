/**
 * What the operator is told after recovery, the same in the app and the CLI: what was restored,
 * exactly which saved changes were lost (numbers and times), and where damaged files were kept.
 */
import type { Locale, RecoveryInfo } from '../api/types'
import { t } from './index'

/** "2026-12-06T10:12:31+07:00" → "2026-12-06 10:12" (the time as the PC showed it). */
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ')

export interface RecoveryNotice {
  /** 'error' when saved changes were lost or files were damaged: it stays until dismissed. */
  kind: 'info' | 'error'
  text: string
  detail: string[]
}

export function describeRecovery(locale: Locale, info: RecoveryInfo): RecoveryNotice {
  const lines: string[] = []
  const restoredAt = info.restoredAt ? when(info.restoredAt) : t(locale, 'recovery.snapshotTime')
  if (info.replayed > 0) lines.push(t(locale, 'ui.recovery', { replayed: info.replayed }))
  if (info.usedPreviousSnapshot) lines.push(t(locale, 'recovery.previous'))
  const lost = info.lost
  if (lost) {
    const torn = info.damaged.length === 0 && info.droppedTailBytes > 0 && !lost.from
    if (torn) lines.push(t(locale, 'recovery.torn', { restoredAt }))
    else if (lost.exact && lost.lastSeq !== null && lost.from && lost.to) {
      lines.push(
        t(locale, 'recovery.lost', {
          count: lost.count,
          first: lost.firstSeq,
          last: lost.lastSeq,
          from: when(lost.from),
          to: when(lost.to),
          restoredAt
        })
      )
    } else {
      const times = lost.from && lost.to ? t(locale, 'recovery.lostTimes', { from: when(lost.from), to: when(lost.to) }) : ''
      lines.push(t(locale, 'recovery.lostAtLeast', { count: lost.count, first: lost.firstSeq, times, restoredAt }))
    }
  }
  const detail = info.damaged.map((d) => t(locale, 'recovery.damagedFile', d))
  if (info.keptAside && detail.length) lines.push(t(locale, 'recovery.damaged', { folder: info.keptAside }))
  return { kind: lost || info.damaged.length ? 'error' : 'info', text: lines.join(' '), detail }
}
