import { describe, expect, it } from 'vitest'

import type { RecoveryInfo } from '../../../shared/api/types'
import { describeRecovery } from '../../../shared/i18n/recovery'

const base: RecoveryInfo = {
  replayed: 0,
  usedPreviousSnapshot: false,
  droppedTailBytes: 0,
  restoredSeq: 40,
  restoredAt: '2026-12-06T10:11:58+07:00',
  damaged: [],
  lost: null,
  keptAside: null
}

describe('what the operator is told after recovery', () => {
  it('names the lost changes by number and time, and where the damaged file is', () => {
    const info: RecoveryInfo = {
      ...base,
      replayed: 2,
      damaged: [{ file: 'journal-7.log', problem: 'perubahan no. 41–41 hilang' }],
      lost: { firstSeq: 41, lastSeq: 43, count: 3, exact: true, from: '2026-12-06T10:12:03+07:00', to: '2026-12-06T10:15:40+07:00' },
      keptAside: 'damaged/2026-12-06T10-20-00'
    }
    expect(describeRecovery('id', info)).toEqual({
      kind: 'error',
      text:
        'Ruang kerja dipulihkan setelah program berhenti tak terduga: 2 perubahan terakhir dipulihkan dari jurnal. ' +
        '3 perubahan yang sudah tersimpan tidak dapat dipulihkan (no. 41–43, 2026-12-06 10:12 s.d. 2026-12-06 10:15). ' +
        'Data berisi perubahan sampai 2026-12-06 10:11; periksa dan ulangi perubahan sesudahnya. ' +
        'Berkas rusak disimpan terpisah di damaged/2026-12-06T10-20-00:',
      detail: ['journal-7.log: perubahan no. 41–41 hilang']
    })
    expect(describeRecovery('en', info).text).toContain(
      '3 saved changes could not be restored (no. 41–43, 2026-12-06 10:12 to 2026-12-06 10:15)'
    )
  })

  it('says "at least" when damaged bytes may have held more, and speaks of a torn last write plainly', () => {
    const atLeast = describeRecovery('id', {
      ...base,
      damaged: [{ file: 'journal-7.log', problem: 'x' }],
      lost: { firstSeq: 41, lastSeq: null, count: 2, exact: false, from: '2026-12-06T10:12:03+07:00', to: '2026-12-06T10:13:00+07:00' }
    })
    expect(atLeast.text).toContain(
      'Sedikitnya 2 perubahan yang sudah tersimpan tidak dapat dipulihkan (mulai no. 41, 2026-12-06 10:12 s.d. 2026-12-06 10:13)'
    )
    const torn = describeRecovery('id', {
      ...base,
      droppedTailBytes: 12,
      lost: { firstSeq: 41, lastSeq: null, count: 1, exact: false, from: null, to: null }
    })
    expect(torn).toMatchObject({ kind: 'error', text: expect.stringContaining('tidak tersimpan utuh') })
    expect(describeRecovery('id', { ...base, replayed: 3 })).toMatchObject({ kind: 'info', detail: [] })
  })
})
