import { describe, expect, it, vi } from 'vitest'

import { type IpcMainLike, progressSender, registerIpc, type Route } from '../../../electron/main/ipc'
import type { HostHandlers } from '../../../shared/api/contract'
import { CHANNEL_INVOKE, CHANNEL_PROGRESS, MAX_FILE_BYTES, type MethodName } from '../../../shared/api/contract'
import type { Result } from '../../../shared/api/result'
import { createRouter } from '../../../shared/api/router'
import type { ProgressEvent } from '../../../shared/api/types'

vi.mock('electron', () => {
  throw new Error('electron must not be loaded by ipc.ts')
})

interface FakeEvent {
  trusted: boolean
}
type Listener = (event: FakeEvent, ...args: unknown[]) => Promise<Result<unknown>>

function fakeIpcMain() {
  const handlers = new Map<string, Listener>()
  const ipcMain: IpcMainLike<FakeEvent> & { handlers: Map<string, Listener> } = {
    handlers,
    handle: vi.fn((channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, listener)
    }),
    removeHandler: vi.fn((channel: string) => {
      handlers.delete(channel)
    })
  }
  return ipcMain
}

function setup(opts: { route?: Route; isTrustedSender?: (e: FakeEvent) => boolean } = {}) {
  const engineCalls: { method: MethodName; args: unknown }[] = []
  const hostCalls: { method: string; args: unknown }[] = []
  const host = {
    getAppInfo: async (args: unknown) => {
      hostCalls.push({ method: 'getAppInfo', args })
      return { name: 'Cermat', version: '0.0.0', platform: 'test', locale: 'id' }
    },
    chooseWorkspace: async (args: unknown) => {
      hostCalls.push({ method: 'chooseWorkspace', args })
      return null
    },
    closeWorkspace: async () => {
      throw new Error('disk on fire at C:\\Users\\secret')
    }
  }
  const route =
    opts.route ??
    createRouter({
      // A partial host: the methods these tests call; the router must cope with any subset.
      host: host as unknown as HostHandlers,
      engine: async (method, args) => {
        engineCalls.push({ method, args })
        return { ok: true, value: `engine:${method}` }
      }
    })
  const ipcMain = fakeIpcMain()
  const log = vi.fn()
  const dispose = registerIpc<FakeEvent>({ ipcMain, route, isTrustedSender: opts.isTrustedSender ?? ((e) => e.trusted), log })
  const handler = ipcMain.handlers.get(CHANNEL_INVOKE)!
  const invoke = (method: unknown, args?: unknown, event: FakeEvent = { trusted: true }) => handler(event, method, args)
  return { invoke, engineCalls, hostCalls, ipcMain, dispose, log }
}

function code(r: Result<unknown>): string {
  return r.ok ? 'OK' : r.error.code
}

describe('registerIpc', () => {
  it('registers exactly one handler, on the invoke channel, and can remove it', () => {
    const { ipcMain, dispose } = setup()
    expect(ipcMain.handle).toHaveBeenCalledOnce()
    expect([...ipcMain.handlers.keys()]).toEqual([CHANNEL_INVOKE])
    dispose()
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(CHANNEL_INVOKE)
    expect(ipcMain.handlers.size).toBe(0)
  })

  it.each(['deleteEverything', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '', 42, null, undefined, {}, ['getSummary']])(
    'answers UNKNOWN_METHOD for %j',
    async (method) => {
      const { invoke, engineCalls, hostCalls } = setup()
      expect(code(await invoke(method, {}))).toBe('UNKNOWN_METHOD')
      expect(engineCalls).toEqual([])
      expect(hostCalls).toEqual([])
    }
  )

  const BAD_ARGS: [string, MethodName, unknown][] = [
    ['wrong enum value', 'chooseWorkspace', { mode: 'delete' }],
    ['wrong type', 'chooseWorkspace', { mode: 1 }],
    ['missing key', 'chooseWorkspace', {}],
    ['extra key', 'chooseWorkspace', { mode: 'open', extra: 1 }],
    ['extra key on an empty method', 'getSummary', { x: 1 }],
    ['array instead of object', 'chooseWorkspace', ['open']],
    ['null', 'chooseWorkspace', null],
    ['string', 'getSummary', 'x'],
    ['Uint8Array instead of object', 'getSummary', new Uint8Array(1)],
    ['class instance', 'getSummary', new (class Args {})()],
    ['own __proto__ key', 'chooseWorkspace', JSON.parse('{"mode":"open","__proto__":{"polluted":true}}')],
    ['own constructor key', 'getSummary', { constructor: 'x' }],
    ['oversized string', 'editCell', { rowId: 'v1', field: 'nama', value: 'x'.repeat(501) }],
    ['pattern violation', 'markVerified', { rowId: '../etc' }],
    ['field outside the editable set', 'editCell', { rowId: 'v1', field: '__proto__', value: 'x' }],
    ['bytes as a plain array', 'importMaster', { taskId: 't1', fileName: 'm.xlsx', bytes: [1, 2, 3] }],
    ['bad task id', 'importMaster', { taskId: '../t', fileName: 'm.xlsx', bytes: new Uint8Array(1) }],
    ['float limit', 'getAudit', { limit: 1.5 }],
    ['limit out of range', 'getAudit', { limit: 10_001 }],
    ['too many desa', 'exportPackage', { desa: Array.from({ length: 501 }, () => 'A') }],
    ['short passphrase', 'exportPackage', { desa: [], passphrase: 'short' }]
  ]

  it.each(BAD_ARGS)('answers INVALID_ARGUMENT for %s', async (_label, method, args) => {
    const { invoke, engineCalls, hostCalls } = setup()
    const r = await invoke(method, args)
    expect(code(r)).toBe('INVALID_ARGUMENT')
    expect(engineCalls).toEqual([])
    expect(hostCalls).toEqual([])
    expect({} as Record<string, unknown>).not.toHaveProperty('polluted')
  })

  it('answers INVALID_ARGUMENT for oversized bytes', async () => {
    const { invoke, engineCalls } = setup()
    const r = await invoke('importVillage', { taskId: 't1', fileName: 'desa.xlsx', bytes: new Uint8Array(MAX_FILE_BYTES + 1) })
    expect(code(r)).toBe('INVALID_ARGUMENT')
    expect(engineCalls).toEqual([])
  })

  it('answers FORBIDDEN_SENDER to an untrusted sender, before looking at the call', async () => {
    const route = vi.fn<Route>()
    const { invoke } = setup({ route })
    for (const method of ['getSummary', 'nope', 'chooseWorkspace']) {
      const r = await invoke(method, { mode: 'open' }, { trusted: false })
      expect(code(r)).toBe('FORBIDDEN_SENDER')
    }
    expect(route).not.toHaveBeenCalled()
  })

  it('turns a throwing host handler into an INTERNAL result', async () => {
    const { invoke } = setup()
    const r = await invoke('closeWorkspace', {})
    expect(code(r)).toBe('INTERNAL')
  })

  it('never throws across IPC: a throwing router or sender check becomes INTERNAL, logged, without a stack', async () => {
    const boom = setup({ route: () => Promise.reject(new Error('boom\n    at secret (C:\\x.js:1:1)')) })
    const r = await boom.invoke('getSummary', {})
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.any(String) } })
    expect(JSON.stringify(r)).not.toContain('secret')
    expect(boom.log).toHaveBeenCalledOnce()

    const sync = setup({
      route: () => {
        throw new Error('sync boom')
      }
    })
    await expect(sync.invoke('getSummary', {})).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } })

    const check = setup({
      isTrustedSender: () => {
        throw new Error('frame disposed')
      }
    })
    await expect(check.invoke('getSummary', {})).resolves.toMatchObject({ ok: false })
  })

  it('routes a valid engine call with the validated arguments', async () => {
    const { invoke, engineCalls, hostCalls } = setup()
    const r = await invoke('editCell', { rowId: 'v12', field: 'nama', value: 'SITI AMINAH' })
    expect(r).toEqual({ ok: true, value: 'engine:editCell' })
    expect(engineCalls).toHaveLength(1)
    expect(engineCalls[0]!.method).toBe('editCell')
    expect({ ...(engineCalls[0]!.args as object) }).toEqual({ rowId: 'v12', field: 'nama', value: 'SITI AMINAH' })
    expect(hostCalls).toEqual([])
  })

  it('routes a valid host call to the host, and treats missing args of an empty method as {}', async () => {
    const { invoke, engineCalls, hostCalls } = setup()
    expect(await invoke('chooseWorkspace', { mode: 'create' })).toEqual({ ok: true, value: null })
    expect(hostCalls.map((c) => [c.method, { ...(c.args as object) }])).toEqual([['chooseWorkspace', { mode: 'create' }]])
    expect(code(await invoke('getAppInfo', undefined))).toBe('OK')
    expect(code(await invoke('getSummary'))).toBe('OK')
    expect(engineCalls.map((c) => c.method)).toEqual(['getSummary'])
  })

  it('passes bytes through unchanged', async () => {
    const { invoke, engineCalls } = setup()
    const bytes = new Uint8Array([0x50, 0x4b, 3, 4])
    expect(code(await invoke('importMaster', { taskId: 'demo-master', fileName: 'master.xlsx', bytes }))).toBe('OK')
    expect((engineCalls[0]!.args as { bytes: Uint8Array }).bytes).toBe(bytes)
  })
})

describe('progressSender', () => {
  const event: ProgressEvent = { taskId: 't1', phase: 'parse', done: 10, total: 100 }

  it('sends the event on the progress channel', () => {
    const send = vi.fn()
    progressSender(() => ({ isDestroyed: () => false, send }))(event)
    expect(send).toHaveBeenCalledExactlyOnceWith(CHANNEL_PROGRESS, event)
  })

  it('drops it when there is no window, it is destroyed, or sending fails', () => {
    const send = vi.fn()
    progressSender(() => null)(event)
    progressSender(() => ({ isDestroyed: () => true, send }))(event)
    expect(send).not.toHaveBeenCalled()
    const failing = () => ({
      isDestroyed: () => false,
      send: () => {
        throw new Error('frame gone')
      }
    })
    expect(() => progressSender(failing)(event)).not.toThrow()
    expect(() =>
      progressSender(() => {
        throw new Error('Object has been destroyed')
      })(event)
    ).not.toThrow()
  })
})
