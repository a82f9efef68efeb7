/**
 * The host-side methods of the contract, shared by Electron main and the test host. What differs
 * between them comes in as `HostDeps`: native dialogs (or their test doubles), where user data
 * lives, and how the signing key is protected.
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename, join } from 'node:path'

import type { ArgsOf, HostHandlers } from '../../shared/api/contract'
import { CermatError, type Result } from '../../shared/api/result'
import type { ShellEvent } from '../../shared/api/shell-events'
import type {
  AppInfo,
  BeritaAcara,
  DaftarSaved,
  ExportResult,
  KeyStatus,
  Locale,
  PackageView,
  RecentWorkspace,
  SavedFile,
  WorkspaceInfo
} from '../../shared/api/types'
import { localIsoDate } from '../../shared/domain/letter'
import { cermatError } from '../../shared/engine/errors'
import { buildBeritaAcara } from '../../shared/engine/outputs/berita-acara'
import { beritaAcaraPdf } from '../../shared/engine/outputs/berita-acara-pdf'
import { slug } from '../../shared/engine/package/format'
import { parseKeyring, type TrustedKey } from '../../shared/engine/package/trust'
import { viewPackage } from '../../shared/engine/package/view'
import type { QueueDeps } from '../delivery/queue'
import type { EngineClient } from './client'
import { createDeliveries } from './deliveries'
import { KeyStore, type OsProtector, verifyEd25519 } from './key-store'
import { writeFileAtomic } from './node-storage'

export interface Dialogs {
  /** A folder for a workspace; null when the operator cancels. */
  chooseFolder(mode: 'open' | 'create'): Promise<string | null>
  /** Where to save a package (.zip), a daftar perbaikan (.xlsx) or a berita acara (.pdf); null when the operator cancels. */
  saveFile(defaultName: string): Promise<string | null>
}

export interface HostDeps {
  engine: EngineClient
  dialogs: Dialogs
  userDataDir: string
  /** resources/demo: the bundled demo master and village files. */
  demoDir: string
  appVersion: string
  platform: string
  locale: Locale
  osProtector: OsProtector | null
  now(): Date
  /** The path of a package opened from the file manager, once (main's PackageOpener); absent in hosts without one. */
  takeOpenedPackage?(): string | null
  /** Tells the page something changed on the host's own initiative (the sending queue). */
  notify?(event: ShellEvent): void
  /** The sending queue's timing (tests shorten the wait before retrying an unreachable receiver). */
  delivery?: Pick<QueueDeps, 'retryAfter' | 'retryDelays' | 'chunkSize'>
}

/** Pinned kecamatan keys for the package viewer: this file in userData (cermat verify --keyring format). */
export const KEYRING_FILE = 'keyring.json'

const MAX_RECENT = 10
// Not node-ports' sha256: that module reads import.meta, which the test host's loader cannot take.
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value
  throw new CermatError(r.error.code, r.error.message, r.error.details)
}

export function createHostHandlers(deps: HostDeps): HostHandlers {
  const keys = new KeyStore(join(deps.userDataDir, 'keys'), deps.osProtector)
  const recentFile = join(deps.userDataDir, 'recent-workspaces.json')
  // Packages this host saved (SHA-256 → path): the renderer names a package by its hash, never by a path.
  const savedPackages = new Map<string, string>()
  const deliveries = createDeliveries(deps, (sha) => savedPackages.get(sha) ?? null)

  async function readRecent(): Promise<RecentWorkspace[]> {
    try {
      const list = JSON.parse(await fs.readFile(recentFile, 'utf8')) as RecentWorkspace[]
      return Array.isArray(list) ? list.filter((r) => typeof r?.location === 'string') : []
    } catch {
      return []
    }
  }

  async function remember(info: WorkspaceInfo): Promise<void> {
    const list = (await readRecent()).filter((r) => r.location !== info.location)
    list.unshift({ location: info.location, name: info.name, openedAt: deps.now().toISOString() })
    await fs.mkdir(deps.userDataDir, { recursive: true })
    await writeFileAtomic(recentFile, new TextEncoder().encode(JSON.stringify(list.slice(0, MAX_RECENT), null, 2)))
  }

  async function openAt(location: string, name?: string): Promise<WorkspaceInfo> {
    await deliveries.close()
    const info = unwrap(await deps.engine.open(location, name))
    await remember(info)
    await deliveries.open(info.location)
    return info
  }

  async function isWorkspace(dir: string): Promise<boolean> {
    return fs.access(join(dir, 'CURRENT')).then(
      () => true,
      () => false
    )
  }

  async function importDemo(): Promise<void> {
    const master = join(deps.demoDir, 'master-dtsen.xlsx')
    unwrap(
      await deps.engine.call('importMaster', {
        taskId: 'demo-master',
        fileName: basename(master),
        bytes: new Uint8Array(await fs.readFile(master))
      })
    )
    const desaDir = join(deps.demoDir, 'desa')
    for (const name of (await fs.readdir(desaDir)).sort()) {
      const bytes = new Uint8Array(await fs.readFile(join(desaDir, name)))
      unwrap(await deps.engine.call('importVillage', { taskId: `demo-${slug(name)}`, fileName: name, bytes }))
    }
  }

  /** Read back from disk and verified again: the document shows what the saved file holds. */
  async function beritaAcaraOf(sha: string): Promise<BeritaAcara> {
    const path = savedPackages.get(sha)
    if (!path) throw cermatError('INVALID_ARGUMENT', { path: 'sha256' })
    const info = unwrap(await deps.engine.call('getWorkspace', {}))
    if (!info) throw cermatError('NO_WORKSPACE', {})
    const zip = new Uint8Array(await fs.readFile(path))
    return buildBeritaAcara(zip, basename(path), info, localIsoDate(deps.now()), { sha256, verifyEd25519 })
  }

  /** The keyring of this PC, if one is configured; a damaged one is an error, never silently ignored. */
  async function keyring(): Promise<TrustedKey[] | undefined> {
    let text: string
    try {
      text = await fs.readFile(join(deps.userDataDir, KEYRING_FILE), 'utf8')
    } catch {
      return undefined
    }
    try {
      return parseKeyring(text)
    } catch (err) {
      throw cermatError('PACKAGE_INVALID', {
        reason: `keyring ${KEYRING_FILE} tidak dapat dipakai: ${err instanceof Error ? err.message : String(err)}`
      })
    }
  }

  async function view(zip: Uint8Array, fileName: string): Promise<PackageView> {
    const trustedKeys = await keyring()
    return viewPackage(zip, fileName, { sha256, verifyEd25519, ...(trustedKeys ? { trustedKeys } : {}) })
  }

  return {
    async getAppInfo(): Promise<AppInfo> {
      return { name: 'Cermat', version: deps.appVersion, platform: deps.platform, locale: deps.locale }
    },

    async chooseWorkspace(args: ArgsOf<'chooseWorkspace'>): Promise<WorkspaceInfo | null> {
      const dir = await deps.dialogs.chooseFolder(args.mode)
      if (!dir) return null
      if (await isWorkspace(dir)) return openAt(dir)
      if (args.mode === 'open') throw cermatError('WORKSPACE_NOT_FOUND', { location: dir })
      // A folder that already holds other files gets the workspace in a subfolder of its own.
      const entries = await fs.readdir(dir).catch(() => [] as string[])
      const location = entries.length === 0 ? dir : join(dir, 'Cermat-ruang-kerja')
      return openAt(location, basename(location))
    },

    /** The demo workspace: created from resources/demo on first use, reopened afterwards. */
    async openDemoWorkspace(): Promise<WorkspaceInfo> {
      const location = join(deps.userDataDir, 'demo-workspace')
      const fresh = !(await isWorkspace(location))
      const info = await openAt(location, 'Contoh Kecamatan Mlati')
      if (!fresh && info.master) return info
      unwrap(await deps.engine.call('updateSettings', { kecamatan: 'Mlati' }))
      await importDemo()
      const imported = unwrap(await deps.engine.call('getWorkspace', {}))
      if (!imported) throw cermatError('NO_WORKSPACE', {})
      return imported
    },

    listRecentWorkspaces: readRecent,

    /** Only a workspace this host opened before: the renderer cannot point at arbitrary folders. */
    async openRecentWorkspace(args: ArgsOf<'openRecentWorkspace'>): Promise<WorkspaceInfo> {
      const known = (await readRecent()).find((r) => r.location === args.location)
      if (!known || !(await isWorkspace(known.location))) throw cermatError('WORKSPACE_NOT_FOUND', { location: args.location })
      return openAt(known.location)
    },

    async closeWorkspace(): Promise<null> {
      await deliveries.close()
      unwrap(await deps.engine.closeWorkspace())
      return null
    },

    getKeyStatus(): Promise<KeyStatus> {
      return keys.status()
    },

    /** The daftar perbaikan built by the engine, saved where the operator chooses. */
    async saveDaftarPerbaikan(args: ArgsOf<'saveDaftarPerbaikan'>): Promise<DaftarSaved | null> {
      const made = unwrap(await deps.engine.call('daftarPerbaikan', { ...args, output: 'xlsx' }))
      if (!made.bytes) throw cermatError('INTERNAL', {})
      const path = await deps.dialogs.saveFile(made.fileName)
      if (!path) return null
      await writeFileAtomic(path, made.bytes)
      const rows = made.model.desa.reduce((n, d) => n + d.files.reduce((m, f) => m + f.rows.length, 0), 0)
      const missing = made.model.desa.reduce((n, d) => n + d.missing.length, 0)
      return { fileName: basename(path), location: path, desa: made.model.desa.length, rows, missing }
    },

    async exportPackage(args: ArgsOf<'exportPackage'>): Promise<ExportResult | null> {
      const info = unwrap(await deps.engine.call('getWorkspace', {}))
      if (!info) throw cermatError('NO_WORKSPACE', {})
      // Unlock first: a wrong passphrase is said before the operator picks a place to save.
      const signer = await keys.unlock(args.passphrase)
      const stamp = deps.now().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
      const path = await deps.dialogs.saveFile(`paket-${slug(info.kecamatan || info.name)}-${stamp}.zip`)
      if (!path) return null
      const result = unwrap(
        await deps.engine.exportPackage(
          args.desa,
          {
            signer,
            save: async (bytes) => {
              await writeFileAtomic(path, bytes)
              return { fileName: basename(path), location: path }
            }
          },
          args.all === true
        )
      )
      savedPackages.set(result.sha256, path)
      return result
    },

    viewPackage: (args: ArgsOf<'viewPackage'>) => view(args.bytes, basename(args.fileName)),

    async takeOpenedPackage(): Promise<PackageView | null> {
      const path = deps.takeOpenedPackage?.() ?? null
      if (!path) return null
      return view(new Uint8Array(await fs.readFile(path)), basename(path))
    },

    beritaAcara: (args: ArgsOf<'beritaAcara'>) => beritaAcaraOf(args.sha256),

    ...deliveries.handlers,

    async saveBeritaAcara(args: ArgsOf<'saveBeritaAcara'>): Promise<SavedFile | null> {
      const ba = await beritaAcaraOf(args.sha256)
      const path = await deps.dialogs.saveFile(`berita-acara-${slug(ba.kecamatan || 'paket')}-${ba.package.seq}.pdf`)
      if (!path) return null
      await writeFileAtomic(path, await beritaAcaraPdf(ba))
      return { fileName: basename(path), location: path }
    }
  }
}
