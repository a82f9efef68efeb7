import { createAppStore } from '@renderer/store'
import type { ShellEvent } from '@shared/api/shell-events'
import type { PackageView } from '@shared/api/types'
import { describe, expect, it } from 'vitest'

import { failure, fakeBackend, fakeClock, storeWith } from '../fakes'

const view = { fileName: 'paket.cermat', valid: true, keyId: 'abcd' } as PackageView

/** A store whose backend also delivers main's shell events, as the preload does. */
function shellStore(handlers: Parameters<typeof fakeBackend>[0]) {
  const fake = fakeBackend(handlers)
  let emit: (e: ShellEvent) => void = () => undefined
  const store = createAppStore({
    backend: {
      ...fake.backend,
      onShellEvent: (l) => {
        emit = l
        return () => (emit = () => undefined)
      }
    },
    later: fakeClock().later
  })
  return { store, fake, emit: (e: ShellEvent) => emit(e) }
}

describe('viewer slice', () => {
  it('hands the picked file to the host and shows what it answered', async () => {
    const { store, fake } = storeWith({ viewPackage: () => view })
    await store.getState().viewPackageFile('paket.cermat', new Uint8Array([1, 2, 3]))
    expect(fake.argsOf('viewPackage')).toEqual([{ fileName: 'paket.cermat', bytes: new Uint8Array([1, 2, 3]) }])
    expect(store.getState().packageView).toBe(view)
    store.getState().closePackageView()
    expect(store.getState().packageView).toBeNull()
  })

  it('a host failure becomes a notice, the viewer stays closed', async () => {
    const { store } = storeWith({
      viewPackage: () => {
        throw failure('PACKAGE_INVALID', { reason: 'keyring rusak' })
      }
    })
    await store.getState().viewPackageFile('p.cermat', new Uint8Array([1]))
    expect(store.getState().packageView).toBeNull()
    expect(store.getState().notices.at(-1)?.kind).toBe('error')
  })

  it('asks main for a waiting package when it starts listening and on package.opened; F1 opens the help', async () => {
    let waiting: PackageView | null = view
    const { store, fake, emit } = shellStore({
      takeOpenedPackage: () => {
        const v = waiting
        waiting = null
        return v
      }
    })
    const stop = store.getState().listenShell()
    await expect.poll(() => store.getState().packageView).toBe(view)
    store.getState().closePackageView()
    waiting = { ...view, fileName: 'kedua.cermat' }
    emit('package.opened')
    await expect.poll(() => store.getState().packageView?.fileName).toBe('kedua.cermat')
    expect(fake.methods()).toEqual(['takeOpenedPackage', 'takeOpenedPackage'])
    emit('help.findings')
    expect(store.getState().findingHelp).toEqual({ code: null })
    store.getState().showFindingHelp('KK_NO_HEAD')
    expect(store.getState().findingHelp).toEqual({ code: 'KK_NO_HEAD' })
    stop()
  })
})
