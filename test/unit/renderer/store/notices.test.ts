import { messageText } from '@renderer/lib/message'
import { groupNotices, NOTICE_MS } from '@renderer/store/notices'
import type { ImportPreview } from '@shared/api/types'
import { describe, expect, it } from 'vitest'

import { failure, storeWith, summary, workspace } from '../fakes'

describe('notices slice', () => {
  it('a success leaves by itself after NOTICE_MS; an error stays until dismissed', () => {
    const { store, clock } = storeWith({})
    store.getState().notify('success', { key: 'ui.settings.saved' })
    store.getState().notify('error', { error: { code: 'NO_MASTER', message: 'x' } })
    expect(clock.timers.map((t) => t.ms)).toEqual([NOTICE_MS])
    clock.run()
    const left = store.getState().notices
    expect(left.map((n) => n.kind)).toEqual(['error'])
    store.getState().dismissNotice(left[0]!.id)
    expect(store.getState().notices).toEqual([])
  })

  it('keeps the five newest', () => {
    const { store } = storeWith({})
    for (let i = 1; i <= 7; i++) store.getState().notify('error', { key: 'ui.import.already', params: { file: `f${i}.csv` } })
    expect(store.getState().notices.map((n) => ('key' in n.message ? n.message.params?.file : null))).toEqual([
      'f3.csv',
      'f4.csv',
      'f5.csv',
      'f6.csv',
      'f7.csv'
    ])
  })

  it('keeps a backend error as its AppError, anything else as INTERNAL, and can wrap it in a message', () => {
    const { store } = storeWith({})
    store.getState().notifyError(failure('FILE_UNSUPPORTED', { format: 'PDF' }))
    store.getState().notifyError(new TypeError('boom'))
    store.getState().notifyError(failure('FILE_EMPTY'), { key: 'ui.import.failed', params: { file: 'kosong.csv' } })
    const [a, b, c] = store.getState().notices.map((n) => n.message)
    expect(a).toEqual({ error: { code: 'FILE_UNSUPPORTED', message: 'engine: FILE_UNSUPPORTED', details: { format: 'PDF' } } })
    expect(b).toEqual({ error: { code: 'INTERNAL', message: 'TypeError: boom' } })
    expect(c).toEqual({
      key: 'ui.import.failed',
      params: { file: 'kosong.csv', message: { error: { code: 'FILE_EMPTY', message: 'engine: FILE_EMPTY' } } }
    })
  })

  it('is translated when shown: a change of language re-translates a notice already made', () => {
    const { store } = storeWith({})
    store.getState().notifyError(failure('FILE_EMPTY'), { key: 'ui.import.failed', params: { file: 'kosong.csv' } })
    const notice = store.getState().notices[0]!
    const id = messageText(store.getState().locale, notice.message)
    store.getState().setLocale('en')
    const en = messageText(store.getState().locale, notice.message)
    expect(id).toContain('kosong.csv')
    expect(en).toContain('kosong.csv')
    expect(en).not.toEqual(id)
    expect(id).not.toMatch(/\{\w+\}/)
    expect(en).not.toMatch(/\{\w+\}/)
  })

  it('masks a NIK named in an error when masking is on at the time it is shown', () => {
    const message = {
      error: { code: 'DEACTIVATE_NEEDS_MASTER' as const, message: 'x', details: { nama: 'SITI', nik: '3404011203800001' } }
    }
    expect(messageText('id', message, false)).toContain('3404011203800001')
    expect(messageText('id', message, true)).not.toContain('3404011203800001')
    expect(messageText('id', message, true)).toContain('SITI')
  })

  it('falls back to the engine’s own text when the details do not fill the catalogue text', () => {
    expect(messageText('en', { error: { code: 'DEACTIVATE_NEEDS_MASTER', message: 'Tidak ada di data induk.' } })).toBe(
      'Tidak ada di data induk.'
    )
  })

  it('a cancelled import is said as cancelled, neutral and leaving by itself, not as a failure', async () => {
    const preview = { fileName: 'f.csv', alreadyImported: false, columns: [], warnings: [], existing: [], desa: 'SUMBERADI' }
    const { store, clock } = storeWith({
      inspectFile: () => preview as unknown as ImportPreview,
      importVillage: () => Promise.reject(failure('CANCELLED')),
      getWorkspace: () => workspace(),
      getSummary: () => summary()
    })
    await store.getState().importVillages([new File(['NIK\n1'], 'sumberadi.csv')])
    const [notice] = store.getState().notices
    expect(notice).toMatchObject({ kind: 'info', message: { key: 'ui.import.cancelled', params: { file: 'sumberadi.csv' } } })
    expect(messageText('id', notice!.message)).toBe('Impor dibatalkan: sumberadi.csv tidak dimuat.')
    clock.run()
    expect(store.getState().notices).toEqual([])
  })

  it('a cancel outside an import is a neutral "Dibatalkan."; other errors stay errors', () => {
    const { store } = storeWith({})
    store.getState().notifyError(failure('CANCELLED'))
    store.getState().notifyError(failure('FILE_EMPTY'), { key: 'ui.import.failed', params: { file: 'kosong.csv' } })
    expect(store.getState().notices.map((n) => [n.kind, messageText('id', n.message).slice(0, 20)])).toEqual([
      ['info', 'Dibatalkan.'],
      ['error', 'kosong.csv tidak dim']
    ])
  })
})

describe('groupNotices: what the stack shows', () => {
  const n = (id: number, kind: 'info' | 'success' | 'error') => ({ id, kind, message: { key: 'ui.cancelled' as const } })

  it('shows one error, and any success or info, each on its own', () => {
    expect(groupNotices([n(1, 'success'), n(2, 'error'), n(3, 'info')])).toEqual([
      { kind: 'single', notice: n(1, 'success') },
      { kind: 'single', notice: n(2, 'error') },
      { kind: 'single', notice: n(3, 'info') }
    ])
  })

  it('collapses several errors into one list, after the other notices, oldest first', () => {
    expect(groupNotices([n(1, 'error'), n(2, 'success'), n(3, 'error'), n(4, 'error')])).toEqual([
      { kind: 'single', notice: n(2, 'success') },
      { kind: 'errors', notices: [n(1, 'error'), n(3, 'error'), n(4, 'error')] }
    ])
    expect(groupNotices([])).toEqual([])
  })
})
