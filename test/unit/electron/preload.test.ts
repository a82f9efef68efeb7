import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import { afterEach, describe, expect, it, vi } from 'vitest'

import { buildApi, type Invoke, type Subscribe } from '../../../electron/preload/api'
import { type CermatApi, CHANNEL_INVOKE, CHANNEL_PROGRESS, METHOD_NAMES } from '../../../shared/api/contract'
import { CHANNEL_SHELL } from '../../../shared/api/shell-events'
import type { ProgressEvent } from '../../../shared/api/types'

// preload/index.ts is imported below with this fake electron; api.ts itself must not need it.
const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: [] as unknown[][],
  listeners: new Map<string, ((...args: unknown[]) => void)[]>()
}))

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value)
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      electron.invoke.push(args)
      return Promise.resolve({ ok: true, value: null })
    },
    on: (channel: string, fn: (...args: unknown[]) => void) => {
      electron.listeners.set(channel, [...(electron.listeners.get(channel) ?? []), fn])
    },
    removeListener: (channel: string, fn: (...args: unknown[]) => void) => {
      electron.listeners.set(
        channel,
        (electron.listeners.get(channel) ?? []).filter((f) => f !== fn)
      )
    }
  }
}))

function fakeTransport() {
  const invoked: unknown[][] = []
  const subscribed: { channel: string; listener: (event: unknown, payload: unknown) => void; removed: number }[] = []
  const invoke: Invoke = (...args) => {
    invoked.push(args)
    return Promise.resolve({ ok: true, value: `reply:${args[1]}` })
  }
  const subscribe: Subscribe = (channel, listener) => {
    const entry = { channel, listener, removed: 0 }
    subscribed.push(entry)
    return () => {
      entry.removed++
    }
  }
  return { invoke, subscribe, invoked, subscribed }
}

const progress: ProgressEvent = { taskId: 't1', phase: 'match', done: 3, total: 9, fileName: 'desa.xlsx' }

describe('buildApi', () => {
  it('exposes exactly the contract methods plus onProgress and onShellEvent, all functions, frozen', () => {
    const t = fakeTransport()
    const api = buildApi(t.invoke, t.subscribe)
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'onProgress', 'onShellEvent'].sort())
    for (const value of Object.values(api)) expect(typeof value).toBe('function')
    expect(Object.isFrozen(api)).toBe(true)
    expect(api).not.toHaveProperty('invoke')
    expect(api).not.toHaveProperty('ipcRenderer')
  })

  it.each(METHOD_NAMES)('%s invokes the invoke channel with (name, args) only', async (name) => {
    const t = fakeTransport()
    const api = buildApi(t.invoke, t.subscribe)
    const args = { marker: name }
    const fn = api[name] as unknown as (...a: unknown[]) => Promise<unknown>
    await expect(fn(args, 'smuggled', { extra: true })).resolves.toEqual({ ok: true, value: `reply:${name}` })
    expect(t.invoked).toEqual([[CHANNEL_INVOKE, name, args]])
  })

  it('onProgress passes only the payload, never the IPC event, and unsubscribes once', () => {
    const t = fakeTransport()
    const api = buildApi(t.invoke, t.subscribe)
    const received: unknown[][] = []
    const off = api.onProgress((...args: unknown[]) => received.push(args))
    expect(t.subscribed).toHaveLength(1)
    expect(t.subscribed[0]!.channel).toBe(CHANNEL_PROGRESS)
    const ipcEvent = { sender: { send: () => undefined }, ports: [] }
    t.subscribed[0]!.listener(ipcEvent, progress)
    expect(received).toEqual([[progress]])
    off()
    off()
    expect(t.subscribed[0]!.removed).toBe(1)
  })

  it('onShellEvent passes only known event names from the shell channel, and unsubscribes once', () => {
    const t = fakeTransport()
    const api = buildApi(t.invoke, t.subscribe)
    const received: unknown[][] = []
    const off = api.onShellEvent((...args: unknown[]) => received.push(args))
    expect(t.subscribed.map((s) => s.channel)).toEqual([CHANNEL_SHELL])
    const ipcEvent = { sender: { send: () => undefined } }
    t.subscribed[0]!.listener(ipcEvent, 'help.findings')
    t.subscribed[0]!.listener(ipcEvent, 'package.opened')
    t.subscribed[0]!.listener(ipcEvent, { path: 'C:\\x.cermat' })
    t.subscribed[0]!.listener(ipcEvent, 'shell.openExternal')
    expect(received).toEqual([['help.findings'], ['package.opened']])
    off()
    off()
    expect(t.subscribed[0]!.removed).toBe(1)
  })

  it('onProgress refuses a non-function', () => {
    const t = fakeTransport()
    const api = buildApi(t.invoke, t.subscribe)
    const onProgress = api.onProgress as unknown as (x: unknown) => unknown
    expect(() => onProgress('alert(1)')).toThrow(TypeError)
    expect(t.subscribed).toHaveLength(0)
  })
})

describe('preload/index.ts', () => {
  afterEach(() => {
    electron.exposed.clear()
    electron.invoke.length = 0
    electron.listeners.clear()
  })

  it('exposes window.cermat through contextBridge over ipcRenderer', async () => {
    await import('../../../electron/preload/index')
    expect([...electron.exposed.keys()]).toEqual(['cermat'])
    const api = electron.exposed.get('cermat') as CermatApi
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'onProgress', 'onShellEvent'].sort())

    await api.getSummary({})
    expect(electron.invoke).toEqual([[CHANNEL_INVOKE, 'getSummary', {}]])

    const got: ProgressEvent[] = []
    const off = api.onProgress((e) => got.push(e))
    const [listener] = electron.listeners.get(CHANNEL_PROGRESS) ?? []
    listener!({ sender: 'ipcRenderer' }, progress)
    expect(got).toEqual([progress])
    off()
    expect(electron.listeners.get(CHANNEL_PROGRESS)).toEqual([])
  })
})

describe('built preload bundle', () => {
  const bundle = resolve(import.meta.dirname, '../../../out/preload/index.js')

  // A sandboxed preload can require only 'electron' (and a few polyfills): the bundle must not need more.
  it.skipIf(!existsSync(bundle))('requires nothing but electron', () => {
    const code = readFileSync(bundle, 'utf8')
    const required = [...code.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1])
    expect(new Set(required)).toEqual(new Set(['electron']))
    expect(code).not.toMatch(/\bimport\s*\(|^\s*import\s/m)
  })
})
