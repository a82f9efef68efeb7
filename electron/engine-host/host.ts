/**
 * The host-side methods of the contract, shared by Electron main and the test host. What differs
 * between them comes in as `HostDeps`: native dialogs (or their test doubles), where user data
 * lives, and how the signing key is protected.
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename, join } from 'node:path'

import type { ArgsOf, HostHandlers } from '../../shared/api/contract'
import { CermatError, type Result, UNLOCK_ERROR_CODES } from '../../shared/api/result'
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
  RecoveryCode,
  SavedFile,
  WorkspaceInfo
} from '../../shared/api/types'
import { localIsoDate } from '../../shared/domain/letter'
import { cermatError } from '../../shared/engine/errors'
import { packageIdentity } from '../../shared/engine/package/approval'
import { slug } from '../../shared/engine/package/format'
import { parseKeyring, type TrustedKey } from '../../shared/engine/package/trust'
import { viewPackage } from '../../shared/engine/package/view'
import type { QueueDeps } from '../delivery/queue'
import { createApprovals } from './approvals'
import type { EngineClient, Unlock } from './client'
import { createDeliveries } from './deliveries'
import { KeyStore, type OsProtector, verifyEd25519 } from './key-store'
import { writeFileAtomic } from './node-storage'
import { recoveryCodeSince, setRecoveryCode } from './workspace-key'

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
/** Where this PC saved each package (SHA-256 → path), so its berita acara can be made after a restart. */
export const SAVED_PACKAGES_FILE = 'saved-packages.json'
/** Packages shown in the viewer or chosen by the operator, kept in memory for their berita acara (the newest few). */
const MAX_HELD_PACKAGES = 8

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
  // The renderer names a package by its hash, never by a path: packages this PC saved (path, kept
  // in userData across restarts) and packages read this session (bytes, the newest few).
  const savedFile = join(deps.userDataDir, SAVED_PACKAGES_FILE)
  const heldPackages = new Map<string, { fileName: string; bytes: Uint8Array }>()
  const deliveries = createDeliveries(deps, async (sha) => (await readSaved())[sha] ?? null)

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

  /** The workspace whose key the OS could not unwrap: the unlock dialog's answer opens this one, never a folder the renderer names. */
  let locked: { location: string; name: string | undefined } | null = null

  async function openAt(location: string, name?: string, unlock?: Unlock): Promise<WorkspaceInfo> {
    await deliveries.close()
    const create = !(await isWorkspace(location))
    const result = await deps.engine.open(location, name, unlock)
    if (!result.ok && UNLOCK_ERROR_CODES.includes(result.error.code)) {
      locked = { location, name }
      // The dialog asks a new passphrase twice for a new workspace, and offers the recovery code when one exists.
      throw new CermatError(result.error.code, result.error.message, { ...result.error.details, create })
    }
    const info = unwrap(result)
    locked = null
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

  async function readSaved(): Promise<Record<string, string>> {
    try {
      const map: unknown = JSON.parse(await fs.readFile(savedFile, 'utf8'))
      if (typeof map !== 'object' || map === null || Array.isArray(map)) return {}
      return Object.fromEntries(Object.entries(map).filter((e): e is [string, string] => typeof e[1] === 'string'))
    } catch {
      return {}
    }
  }

  async function rememberSaved(sha: string, path: string): Promise<void> {
    const map = await readSaved()
    map[sha] = path
    await fs.mkdir(deps.userDataDir, { recursive: true })
    await writeFileAtomic(savedFile, new TextEncoder().encode(JSON.stringify(map, null, 2)))
  }

  function hold(sha: string, fileName: string, bytes: Uint8Array): void {
    heldPackages.delete(sha)
    heldPackages.set(sha, { fileName, bytes })
    for (const oldest of heldPackages.keys()) {
      if (heldPackages.size <= MAX_HELD_PACKAGES) break
      heldPackages.delete(oldest)
    }
  }

  /**
   * The bytes of a package by its hash: the file the operator just chose, one read this session,
   * or the file this PC saved (read again: the document shows what the file holds now). A file
   * moved, changed or never saved here is said, with the package's number, so the operator can
   * choose it.
   */
  async function packageBytes(sha: string, chosen?: { fileName: string; bytes: Uint8Array }) {
    if (chosen) {
      if (sha256(chosen.bytes) !== sha)
        throw cermatError('PACKAGE_INVALID', { reason: `${basename(chosen.fileName)} bukan paket yang dipilih (SHA-256 berbeda)` })
      hold(sha, basename(chosen.fileName), chosen.bytes)
      return { fileName: basename(chosen.fileName), bytes: chosen.bytes }
    }
    const held = heldPackages.get(sha)
    if (held) return held
    const fromFile = await shownFromFile(sha)
    if (fromFile) return fromFile
    const path = (await readSaved())[sha]
    if (path) {
      const bytes = await fs.readFile(path).then(
        (b) => new Uint8Array(b),
        () => null
      )
      // Approvals added after export (in the app or by cermat approve) do not make it another package.
      if (bytes && packageIdentity(bytes, sha256) === sha) return { fileName: basename(path), bytes }
    }
    const entry = unwrap(await deps.engine.call('listPackages', {})).find((p) => p.sha256 === sha)
    if (!entry) throw cermatError('PACKAGE_INVALID', { reason: `paket ${sha.slice(0, 16)}… bukan paket ruang kerja ini` })
    throw cermatError('PACKAGE_FILE_NOT_FOUND', { seq: entry.seq, file: entry.fileName })
  }

  /** Verified again and laid out in the engine worker (with the PDF when asked): never on main's thread. */
  async function beritaAcaraOf(sha: string, pdf: boolean, chosen?: { fileName: string; bytes: Uint8Array }) {
    const { fileName, bytes } = await packageBytes(sha, chosen)
    return unwrap(await deps.engine.beritaAcara(bytes, fileName, localIsoDate(deps.now()), pdf))
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

  /** Where a package shown in the viewer is on this PC's disk, when it is one this PC saved (an approval is written there). */
  const shownPaths = new Map<string, string>()

  async function view(zip: Uint8Array, fileName: string, path?: string): Promise<PackageView> {
    const trustedKeys = await keyring()
    const shown = viewPackage(zip, fileName, { sha256, verifyEd25519, ...(trustedKeys ? { trustedKeys } : {}) })
    // A valid package shown in the viewer can have its berita acara made (or be approved) without choosing it again;
    // one this PC saved is read again from its file then, so a file moved since is said, not printed from memory.
    if (path) shownPaths.set(shown.sha256, path)
    else if (shown.valid) hold(shown.sha256, fileName, zip)
    return shown
  }

  /** A package shown from its saved file, read again: only while the file still holds exactly those bytes. */
  async function shownFromFile(sha: string): Promise<{ fileName: string; bytes: Uint8Array; path: string } | null> {
    const path = shownPaths.get(sha)
    if (!path) return null
    const bytes = await fs.readFile(path).then(
      (b) => new Uint8Array(b),
      () => null
    )
    return bytes && sha256(bytes) === sha ? { fileName: basename(path), bytes, path } : null
  }

  const approvals = createApprovals({
    ...deps,
    shown: async (sha) => {
      const held = heldPackages.get(sha)
      return (await shownFromFile(sha)) ?? (held ? { ...held, path: null } : null)
    },
    view
  })

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

    /** A recovery code for the open workspace: its key unwrapped as for opening (the OS, else the passphrase typed). */
    async createRecoveryCode(args: ArgsOf<'createRecoveryCode'>): Promise<RecoveryCode> {
      const location = deps.engine.openLocation
      if (!location) throw cermatError('NO_WORKSPACE', {})
      const replaced = await recoveryCodeSince(location)
      const code = await setRecoveryCode(location, { os: deps.osProtector, passphrase: async () => args.passphrase })
      return { code, replaced }
    },

    /** The passphrase or recovery code the operator typed for the workspace that could not be opened. */
    async unlockWorkspace(args: ArgsOf<'unlockWorkspace'>): Promise<WorkspaceInfo> {
      if (!locked) throw cermatError('NO_WORKSPACE', {})
      return openAt(locked.location, locked.name, { passphrase: args.passphrase, recoveryCode: args.recoveryCode })
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
      await rememberSaved(result.sha256, path)
      return result
    },

    viewPackage: (args: ArgsOf<'viewPackage'>) => view(args.bytes, basename(args.fileName)),

    /** A package this PC saved, as its file is now (with any approval added since). */
    async viewSavedPackage(args: ArgsOf<'viewSavedPackage'>): Promise<PackageView> {
      const path = (await readSaved())[args.sha256]
      const onDisk = path
        ? await fs.readFile(path).then(
            (b) => new Uint8Array(b),
            () => null
          )
        : null
      if (path && onDisk && packageIdentity(onDisk, sha256) === args.sha256) return view(onDisk, basename(path), path)
      const { fileName, bytes } = await packageBytes(args.sha256)
      return view(bytes, fileName)
    },

    ...approvals.handlers,

    async takeOpenedPackage(): Promise<PackageView | null> {
      const path = deps.takeOpenedPackage?.() ?? null
      if (!path) return null
      return view(new Uint8Array(await fs.readFile(path)), basename(path))
    },

    async beritaAcara(args: ArgsOf<'beritaAcara'>): Promise<BeritaAcara> {
      return (await beritaAcaraOf(args.sha256, false, args.package)).model
    },

    ...deliveries.handlers,

    async saveBeritaAcara(args: ArgsOf<'saveBeritaAcara'>): Promise<SavedFile | null> {
      // The model first (quick) for the file name, the PDF only once the operator chose where.
      const ba = (await beritaAcaraOf(args.sha256, false)).model
      const path = await deps.dialogs.saveFile(`berita-acara-${slug(ba.kecamatan || 'paket')}-${ba.package.seq}.pdf`)
      if (!path) return null
      const { pdf } = await beritaAcaraOf(args.sha256, true)
      if (!pdf) throw cermatError('INTERNAL', {})
      await writeFileAtomic(path, pdf)
      return { fileName: basename(path), location: path }
    }
  }
}
