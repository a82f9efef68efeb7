import { createAppStore } from '@renderer/store'
import type { ShellEvent } from '@shared/api/shell-events'
import type { Delivery, ReceiptImported } from '@shared/api/types'
import { describe, expect, it } from 'vitest'

import { failure, fakeBackend, fakeClock, storeWith, summary, workspace } from '../fakes'

const delivery = (over: Partial<Delivery> = {}): Delivery => ({
  sha256: 'a'.repeat(64),
  fileName: 'paket-mlati-1.zip',
  to: 'http://127.0.0.1:8080',
  bytes: 4096,
  state: 'queued',
  attempts: 0,
  lastError: null,
  queuedAt: '2026-12-06T10:00:00.000Z',
  progress: null,
  receivedAt: null,
  seq: null,
  receiptId: null,
  reason: null,
  ...over
})

describe('delivery slice', () => {
  it('asks for the queue only with a workspace open, and calls at the same moment share one request', async () => {
    const { store, fake } = storeWith({ listDeliveries: () => [delivery()] })
    await store.getState().loadDeliveries()
    expect(fake.methods()).toEqual([])
    store.setState({ workspace: workspace() })
    await Promise.all([store.getState().loadDeliveries(), store.getState().loadDeliveries(), store.getState().loadDeliveries()])
    expect(fake.methods()).toEqual(['listDeliveries'])
    expect(store.getState()).toMatchObject({ deliveries: [delivery()], deliveriesLoaded: true, busy: false })
  })

  it('reloads the board summary when a shell event brings a newly received package', async () => {
    let state: Delivery['state'] = 'sending'
    const fake = fakeBackend({
      listDeliveries: () => [delivery({ state })],
      getSummary: () => summary({ rows: 7 })
    })
    let emit: (e: ShellEvent) => void = () => undefined
    const store = createAppStore({
      backend: { ...fake.backend, onShellEvent: (l) => ((emit = l), () => undefined) },
      later: fakeClock().later
    })
    store.setState({ workspace: workspace() })
    store.getState().listenShell()
    await store.getState().loadDeliveries()
    emit('delivery.changed')
    await store.getState().loadDeliveries()
    expect(fake.methods().filter((m) => m === 'getSummary')).toEqual([])
    state = 'received'
    emit('delivery.changed')
    await store.getState().loadDeliveries()
    expect(fake.methods()).toContain('getSummary')
    expect(store.getState().summary?.rows).toBe(7)
  })

  it('queues a package for the Dinas and says so; a missing receiver address becomes a notice', async () => {
    const { store, fake } = storeWith({ sendPackage: () => [delivery()] })
    await store.getState().sendToDinas('a'.repeat(64), 'paket-mlati-1.zip')
    expect(fake.argsOf('sendPackage')).toEqual([{ sha256: 'a'.repeat(64) }])
    expect(store.getState().deliveries).toHaveLength(1)
    expect(store.getState().notices.at(-1)).toMatchObject({ kind: 'success', message: { key: 'ui.kirim.queued' } })

    const refused = storeWith({
      sendPackage: () => {
        throw failure('RECEIVER_NOT_SET')
      }
    })
    await refused.store.getState().sendToDinas('b'.repeat(64), 'x.zip')
    expect(refused.store.getState().notices.at(-1)).toMatchObject({ kind: 'error' })
    expect(refused.store.getState().deliveries).toEqual([])
  })

  it('imports a receipt file: the host checks it, then the queue and the board are read again', async () => {
    const imported: ReceiptImported = {
      seq: 1,
      kecamatan: 'Mlati',
      changes: 3,
      receivedAt: '2026-12-06T10:00:00.000Z',
      receiver: 'Dinas Sosial',
      receiptId: '0123456789abcdef',
      recorded: true
    }
    const { store, fake } = storeWith({
      importReceipt: () => imported,
      listDeliveries: () => [delivery({ state: 'received' })],
      getSummary: () => summary()
    })
    await store.getState().importReceipt('paket.tanda-terima.json', new Uint8Array([123, 125]))
    expect(fake.argsOf('importReceipt')).toEqual([{ fileName: 'paket.tanda-terima.json', bytes: new Uint8Array([123, 125]) }])
    expect(store.getState().receiptImported).toEqual(imported)
    expect(store.getState().deliveries[0]!.state).toBe('received')
  })
})
