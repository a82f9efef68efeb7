/** The host's unlock flow: the renderer answers for the folder that failed, never names one. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import type { EngineClient, Unlock } from '../../../electron/engine-host/client'
import { createHostHandlers } from '../../../electron/engine-host/host'
import { workspaceDataKey } from '../../../electron/engine-host/workspace-key'
import { fail } from '../../../shared/api/result'
import type { WorkspaceInfo } from '../../../shared/api/types'

const tmp = mkdtempSync(join(tmpdir(), 'cermat-unlock-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('unlockWorkspace', () => {
  it('opens the folder whose key failed with what the operator typed, and only that one', async () => {
    const opens: { location: string; unlock: Unlock | undefined }[] = []
    const folder = join(tmp, 'baru')
    const engine = {
      async open(location: string, _name?: string, unlock?: Unlock) {
        opens.push({ location, unlock })
        return unlock?.passphrase === 'frasa sandi benar'
          ? { ok: true as const, value: { location, name: 'Baru' } as WorkspaceInfo }
          : fail(unlock ? 'WORKSPACE_PASSPHRASE_WRONG' : 'WORKSPACE_PASSPHRASE_REQUIRED', 'kunci', { location })
      }
    } as unknown as EngineClient
    const host = createHostHandlers({
      engine,
      dialogs: { chooseFolder: async () => folder, saveFile: async () => null },
      userDataDir: tmp,
      demoDir: tmp,
      appVersion: '0.0.0-test',
      platform: 'linux',
      locale: 'id',
      osProtector: null,
      now: () => new Date('2026-12-06T10:00:00Z')
    })
    await expect(host.unlockWorkspace({ passphrase: 'frasa sandi benar' })).rejects.toMatchObject({ code: 'NO_WORKSPACE' })
    // A new folder: the dialog is told to ask the passphrase twice.
    await expect(host.chooseWorkspace({ mode: 'create' })).rejects.toMatchObject({
      code: 'WORKSPACE_PASSPHRASE_REQUIRED',
      details: { location: folder, create: true }
    })
    await expect(host.unlockWorkspace({ passphrase: 'salah sekali' })).rejects.toMatchObject({ code: 'WORKSPACE_PASSPHRASE_WRONG' })
    expect((await host.unlockWorkspace({ passphrase: 'frasa sandi benar' })).location).toBe(folder)
    expect(opens.map((o) => o.location)).toEqual([folder, folder, folder])
    // Opened: nothing is waiting for an answer any more.
    await expect(host.unlockWorkspace({ passphrase: 'frasa sandi benar' })).rejects.toMatchObject({ code: 'NO_WORKSPACE' })
  })

  it('createRecoveryCode wraps the open workspace’s key under a new code, with its passphrase', async () => {
    const dir = join(tmp, 'frasa')
    const key = await workspaceDataKey(dir, { os: null, passphrase: async () => 'frasa sandi uji' })
    const host = createHostHandlers({
      engine: { openLocation: dir } as unknown as EngineClient,
      dialogs: { chooseFolder: async () => null, saveFile: async () => null },
      userDataDir: tmp,
      demoDir: tmp,
      appVersion: '0.0.0-test',
      platform: 'linux',
      locale: 'id',
      osProtector: null,
      now: () => new Date('2026-12-06T10:00:00Z')
    })
    await expect(host.createRecoveryCode({})).rejects.toMatchObject({ code: 'WORKSPACE_PASSPHRASE_REQUIRED' })
    const made = await host.createRecoveryCode({ passphrase: 'frasa sandi uji' })
    expect(made).toMatchObject({ code: expect.stringMatching(/^([A-Z2-7]{5}-){5}[A-Z2-7]{5}$/), replaced: null })
    expect(await workspaceDataKey(dir, { os: null, passphrase: async () => undefined, recoveryCode: async () => made.code })).toEqual(key)
    expect((await host.createRecoveryCode({ passphrase: 'frasa sandi uji' })).replaced).toEqual(expect.any(String))
  })
})
