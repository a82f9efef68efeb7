/** CLI commands on a workspace folder and on packages: import, export, verify, key. */
import { promises as fs } from 'node:fs'
import { homedir } from 'node:os'
import { basename, join, resolve } from 'node:path'

import type { CoverageSetting, ImportOptions, ImportResult, Locale, ProgressEvent, SourceInfo } from '../../shared/api/types'
import { desaKey } from '../../shared/domain/region'
import { Engine, IMPORTED_ROWS_PER_SNAPSHOT } from '../../shared/engine/engine'
import type { ParsePort } from '../../shared/engine/import/parse-port'
import type { ReadLimits } from '../../shared/engine/import/read-workbook'
import { parseKeyring, type TrustedKey } from '../../shared/engine/package/trust'
import { verifyPackage, type VerifyResult } from '../../shared/engine/package/verify'
import { openEncrypted } from '../../shared/engine/store/encryption'
import { t } from '../../shared/i18n'
import { heldLine } from '../../shared/i18n/held'
import { describeRecovery } from '../../shared/i18n/recovery'
import { dataCipher } from '../engine-host/data-cipher'
import { KeyStore, verifyEd25519 } from '../engine-host/key-store'
import { acquireLock } from '../engine-host/lock'
import { loadSql, nowIso, osUser, randomId, sha256 } from '../engine-host/node-ports'
import { NodeStorage, writeFileAtomic } from '../engine-host/node-storage'
import { changePassphrase, recoveryCodeSince, setRecoveryCode, workspaceDataKey } from '../engine-host/workspace-key'
import { cliParsePool, type ParseFlags } from './parse-options'
import { askHidden } from './prompt'

/** Where the CLI keeps its own signing key (separate from the desktop app's OS-protected key). */
export function cliKeyDir(explicit?: string): string {
  return explicit ? resolve(explicit) : join(resolve(process.env.CERMAT_HOME ?? join(homedir(), '.cermat')), 'keys')
}

/** The workspace passphrase: CERMAT_PASSPHRASE, or typed at a terminal (a new one twice, so a typo cannot lock the data away). */
async function workspacePassphrase(purpose: 'open' | 'create'): Promise<string | undefined> {
  if (process.env.CERMAT_PASSPHRASE !== undefined) return process.env.CERMAT_PASSPHRASE
  if (!process.stdin.isTTY) return undefined
  const typed = await askHidden(purpose === 'create' ? 'Frasa sandi baru ruang kerja (minimal 8 karakter): ' : 'Frasa sandi ruang kerja: ')
  if (purpose === 'open') return typed
  return (await askHidden('Ulangi frasa sandi: ')) === typed ? typed : undefined
}

/** The recovery code given on the command line (`--recovery-code`, taken out of argv by main), else CERMAT_RECOVERY_CODE. */
let givenRecoveryCode: string | undefined

/** Takes `--recovery-code <code>` (or `--recovery-code=<code>`) out of the arguments, for any workspace command. */
export function takeRecoveryCode(argv: string[]): string[] {
  givenRecoveryCode = undefined
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--recovery-code') givenRecoveryCode = argv[++i] ?? ''
    else if (a.startsWith('--recovery-code=')) givenRecoveryCode = a.slice('--recovery-code='.length)
    else rest.push(a)
  }
  return rest
}

/** How the CLI unwraps a workspace's data key: the recovery code when given, else the passphrase. */
export const cliKeySource = {
  os: null,
  passphrase: workspacePassphrase,
  recoveryCode: async () => givenRecoveryCode ?? process.env.CERMAT_RECOVERY_CODE
}

export async function withWorkspace<T>(
  dir: string,
  appVersion: string,
  fn: (engine: Engine) => Promise<T>,
  progress?: (e: ProgressEvent) => void,
  limits?: ReadLimits,
  parser?: ParsePort
): Promise<T> {
  const disk = new NodeStorage(dir)
  // The key first: a missing or wrong passphrase stops here, before anything is written.
  const key = await workspaceDataKey(disk.location, cliKeySource)
  await fs.mkdir(disk.location, { recursive: true, mode: 0o700 })
  const release = await acquireLock(disk.location)
  try {
    await disk.restrictAccess()
    const { storage, migrated } = await openEncrypted(disk, dataCipher(key))
    if (migrated > 0) process.stderr.write(`Ruang kerja dienkripsi: ${migrated} berkas (AES-256-GCM).\n`)
    const engine = await Engine.open(
      {
        sql: await loadSql(),
        storage,
        now: () => nowIso(),
        sha256,
        randomId,
        defaultOperator: osUser(),
        appVersion,
        progress: progress ?? (() => undefined),
        ...(limits ? { limits } : {}),
        ...(parser ? { parser } : {})
      },
      // One snapshot per run (at close), as the app's import queue does (decision 54).
      { name: basename(disk.location), checkpointAfterRows: IMPORTED_ROWS_PER_SNAPSHOT }
    )
    try {
      // The operator must hear about recovery (and above all about lost changes) before anything else.
      const recovery = (await engine.info()).recovery
      if (recovery) {
        const notice = describeRecovery('id', recovery)
        process.stderr.write([notice.text, ...notice.detail.map((d) => `  - ${d}`)].join('\n') + '\n')
      }
      return await fn(engine)
    } finally {
      await engine.close()
    }
  } finally {
    await release()
  }
}

export async function runImport(opts: {
  workspace: string
  master?: string
  villages: string[]
  appVersion: string
  limits?: ReadLimits | undefined
  /** Parse processes (parse-options.ts); in this process when absent. */
  parsing?: ParseFlags | undefined
  options?: ImportOptions
  /** What the imported village files cover; guessed from the master when absent or 'auto'. */
  coverage?: CoverageSetting | undefined
  log(s: string): void
}): Promise<number> {
  // One file at a time here (no reading ahead): one parse process unless asked for more.
  const pool = opts.parsing ? cliParsePool({ ...opts.parsing, processes: opts.parsing.processes ?? 1 }) : undefined
  try {
    return await importInto(opts, pool)
  } finally {
    pool?.close()
  }
}

async function importInto(opts: Parameters<typeof runImport>[0], parser: ParsePort | undefined): Promise<number> {
  return withWorkspace(
    opts.workspace,
    opts.appVersion,
    async (engine) => {
      if (opts.master) {
        const previous = (await engine.info()).master
        const r = await engine.importFile('master', {
          taskId: 'cli',
          fileName: basename(opts.master),
          bytes: new Uint8Array(await fs.readFile(opts.master))
        })
        for (const line of masterImportText('id', r, previous)) opts.log(line)
      }
      let failed = 0
      for (const path of opts.villages) {
        try {
          const r = await engine.importFile('village', {
            taskId: 'cli',
            fileName: basename(path),
            bytes: new Uint8Array(await fs.readFile(path)),
            ...opts.options
          })
          if (opts.coverage) await engine.setCoverage({ sourceId: r.source.id, coverage: opts.coverage })
          opts.log(`${r.source.fileName}: desa ${r.source.desa || '?'}, ${r.source.rows} baris${r.alreadyImported ? ' (sudah ada)' : ''}`)
          for (const w of r.warnings) opts.log(`  - ${w.message}`)
        } catch (err) {
          failed++
          opts.log(`${basename(path)}: GAGAL — ${err instanceof Error ? err.message : String(err)}`)
        }
      }
      const s = await engine.summary()
      opts.log(t('id', 'cli.summary', { open: s.open, resolved: s.resolved }))
      return failed > 0 && failed === opts.villages.length ? 2 : 0
    },
    undefined,
    opts.limits,
    parser
  )
}

/** What a master import did: its people, and when it renewed an earlier master, what became of earlier decisions. */
export function masterImportText(locale: Locale, r: ImportResult, previous: SourceInfo | null): string[] {
  const file = r.source.fileName
  const rows = r.source.rows
  if (r.alreadyImported) return [t(locale, 'cli.import.masterSame', { file, rows })]
  const lines = [
    previous
      ? t(locale, 'cli.import.masterRenewed', { previous: previous.fileName, previousRows: previous.rows, file, rows })
      : t(locale, 'cli.import.master', { file, rows })
  ]
  for (const w of r.warnings) lines.push(`  - ${w.message}`)
  if (previous) lines.push(t(locale, 'cli.import.carryForward', { ...r.carryForward }))
  return lines
}

export async function runExport(opts: {
  workspace: string
  desa?: string[]
  /** Re-send everything decided, not only what is new or changed since the last package. */
  all?: boolean
  locale?: Locale
  out?: string
  keyDir?: string
  passphrase(): Promise<string | undefined>
  appVersion: string
  log(s: string): void
}): Promise<number> {
  const keys = new KeyStore(cliKeyDir(opts.keyDir), null)
  const signer = await keys.unlock(await opts.passphrase())
  const locale = opts.locale ?? 'id'
  const all = opts.all === true
  return withWorkspace(opts.workspace, opts.appVersion, async (engine) => {
    const preview = await engine.previewExport({ all })
    const wanted = opts.desa ? new Set(opts.desa.map(desaKey)) : null
    const desa = opts.desa ?? preview.desa.filter((d) => d.changes > 0 || d.held > 0 || d.sent > 0).map((d) => d.desa)
    // What the gate holds back is said first, so it is on screen even when nothing is left to send.
    const held = preview.held.filter((h) => !wanted || wanted.has(desaKey(h.desa)))
    if (held.length > 0) {
      opts.log(t(locale, 'ui.export.held.title', { n: held.length }))
      for (const h of held) opts.log(`  ${heldLine(locale, h)}`)
    }
    const info = await engine.info()
    const result = await engine.exportPackage(
      desa,
      signer,
      async (bytes, suggestedName) => {
        const target = opts.out ? resolve(opts.out) : resolve(suggestedName)
        const isDir = await fs.stat(target).then(
          (s) => s.isDirectory(),
          () => false
        )
        const path = isDir ? join(target, suggestedName) : target
        await writeFileAtomic(path, bytes)
        return { fileName: basename(path), location: path }
      },
      { all }
    )
    const asked = preview.desa.filter((d) => !wanted || wanted.has(desaKey(d.desa)))
    const corrections = asked.reduce((n, d) => n + d.corrections, 0)
    const withdrawn = asked.reduce((n, d) => n + d.withdrawn, 0)
    opts.log(`Paket ditulis: ${result.location}`)
    opts.log(`  ${result.changes} perubahan dari ${desa.length} desa (${info.kecamatan || info.name}), ${result.bytes} byte`)
    if (preview.lastPackage !== null) {
      opts.log(
        all
          ? `  semua perubahan dikirim ulang (--all); ${corrections} koreksi paket sebelumnya`
          : `  hanya yang baru atau berubah sejak paket ${preview.lastPackage}; ${corrections} koreksi paket sebelumnya`
      )
    }
    if (withdrawn > 0) opts.log(`  ${withdrawn} pembatalan (BATAL) perubahan yang sudah dikirim dan tidak diputuskan lagi`)
    if (held.length > 0) opts.log(`  ${held.length} ditahan (lihat daftar di atas), tidak ikut paket`)
    opts.log(`  SHA-256 ${result.sha256}`)
    opts.log(`  ditandatangani kunci ${result.keyId}`)
    return 0
  })
}

/** Reads a public key given as base64 text, or a JSON file with a "publicKey" (signing-key.json, a manifest). */
export async function readPublicKey(path: string): Promise<string> {
  const text = (await fs.readFile(path, 'utf8')).trim()
  if (text.startsWith('{')) {
    const parsed = JSON.parse(text) as { publicKey?: unknown; signer?: { publicKey?: unknown } }
    const key = parsed.publicKey ?? parsed.signer?.publicKey
    if (typeof key === 'string') return key
    throw new Error(`tidak ada "publicKey" di ${basename(path)}`)
  }
  return text.split(/\s+/).find((p) => /^[A-Za-z0-9+/]{43}=$/.test(p)) ?? text
}

export async function runVerify(opts: {
  packagePath: string
  pubkey?: string
  keyring?: string
  /** Keyring of the approvers' keys (camat, kasi): approvals by other keys are said and do not count. */
  approvers?: string
  log(s: string): void
}): Promise<number> {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await fs.readFile(opts.packagePath))
  } catch (err) {
    opts.log(`TIDAK SAH: paket tidak dapat dibaca (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
    return 1
  }
  const trusted = opts.pubkey ? await readPublicKey(opts.pubkey) : undefined
  let keyring: TrustedKey[] | undefined
  try {
    keyring = opts.keyring ? parseKeyring(await fs.readFile(opts.keyring, 'utf8')) : undefined
  } catch (err) {
    opts.log(`Keyring ${basename(opts.keyring ?? '')} tidak dapat dipakai: ${err instanceof Error ? err.message : String(err)}`)
    return 2
  }
  let approvers: TrustedKey[] | undefined
  try {
    approvers = opts.approvers ? parseKeyring(await fs.readFile(opts.approvers, 'utf8')) : undefined
  } catch (err) {
    opts.log(
      `Daftar kunci persetujuan ${basename(opts.approvers ?? '')} tidak dapat dipakai: ${err instanceof Error ? err.message : String(err)}`
    )
    return 2
  }
  const result: VerifyResult = verifyPackage(bytes, {
    sha256,
    verifyEd25519,
    ...(trusted ? { trustedPublicKey: trusted } : {}),
    ...(keyring ? { trustedKeys: keyring } : {}),
    ...(approvers ? { trustedApprovers: approvers } : {})
  })
  if (!result.valid) {
    opts.log(`TIDAK SAH: ${result.reason}`)
    return 1
  }
  const m = result.manifest
  const owner = result.trustedKey?.kecamatan ? `, terdaftar untuk kecamatan ${result.trustedKey.kecamatan}` : ''
  opts.log(`SAH: tanda tangan dan isi ${basename(opts.packagePath)} utuh.`)
  opts.log(`  Kecamatan ${m.kecamatan || '-'}, paket ke-${m.seq}, dibuat ${m.createdAt} oleh ${m.operator}`)
  opts.log(`  ${m.counts.changes} perubahan dari ${m.desa.length} desa; ${m.counts.openFindings} temuan belum diselesaikan`)
  opts.log(
    result.audit
      ? `  Log audit: ${result.audit.hashes.length} entri (ke-${result.audit.from.count + 1} sampai ke-${m.auditHead.count}) dibawa paket dan bersambung sampai kepala rantai yang ditandatangani (${m.format})`
      : `  Log audit tidak dibawa paket ${m.format} (hanya kepalanya, ${m.auditHead?.count ?? 0} entri)`
  )
  opts.log(
    `  Kunci ${result.keyId}${result.trusted ? ` (cocok dengan kunci yang dipercaya${owner})` : ' — kunci dari dalam paket: cocokkan sidik kuncinya dengan kantor kecamatan, atau pakai --keyring/--pubkey'}`
  )
  for (const line of approvalLines(result)) opts.log(line)
  opts.log(
    '  Urutan paket (ulangan, paket yang hilang) hanya dapat diperiksa penerima yang menyimpan rantai paket kantor ini (cermat receiver).'
  )
  return 0
}

/** Who approved the package and when (approval.ts), or that the rule asks for an approval it lacks. */
export function approvalLines(result: Extract<VerifyResult, { valid: true }>): string[] {
  const lines = result.approvals.map(
    (a) =>
      `  Disetujui ${a.role} ${a.name}${a.nip ? ` (NIP ${a.nip})` : ''} pada ${a.approvedAt}, kunci ${a.keyId}${a.trusted === true ? ' (terdaftar)' : a.trusted === false ? ' — KUNCI TIDAK TERDAFTAR, tidak dihitung' : ''}`
  )
  if (result.approvals.length === 0) lines.push('  Belum ada persetujuan camat/kasi.')
  if (result.approvalMissing)
    lines.push('  PERLU PERSETUJUAN: aturan kabupaten meminta persetujuan camat/kasi sebelum dikirim (cermat approve).')
  return lines
}

export async function runKey(opts: {
  keyDir?: string
  out?: string
  /** Only create a new key: refused when the folder already holds one (an approver's key is not the operator's). */
  fresh?: boolean
  passphrase(): Promise<string | undefined>
  log(s: string): void
}): Promise<number> {
  const keys = new KeyStore(cliKeyDir(opts.keyDir), null)
  const status = await keys.status()
  if (opts.fresh && status.exists) {
    opts.log(`Gagal: ${cliKeyDir(opts.keyDir)} sudah berisi kunci ${status.keyId}; pilih folder lain untuk kunci baru (--key-dir).`)
    return 1
  }
  const signer = await keys.unlock(await opts.passphrase())
  const id = await signer.identity()
  if (!status.exists) opts.log('Kunci tanda tangan baru dibuat.')
  opts.log(`Sidik kunci: ${id.keyId}`)
  opts.log(`Kunci publik: ${id.publicKey}`)
  if (opts.out) {
    await writeFileAtomic(resolve(opts.out), new TextEncoder().encode(`${id.publicKey}\n`))
    opts.log(`Kunci publik ditulis ke ${resolve(opts.out)}`)
  }
  return 0
}

/** `cermat key recovery --workspace <dir>`: a new recovery code wrapping the workspace's data key, printed once. */
export async function runRecoveryKey(opts: { workspace: string; locale: Locale; log(s: string): void }): Promise<number> {
  const dir = resolve(opts.workspace)
  const since = await recoveryCodeSince(dir)
  const code = await setRecoveryCode(dir, cliKeySource)
  opts.log(t(opts.locale, 'cli.recovery.created'))
  opts.log('')
  opts.log(`    ${code}`)
  opts.log('')
  if (since) opts.log(t(opts.locale, 'cli.recovery.rotated', { since }))
  opts.log(t(opts.locale, 'cli.recovery.use'))
  return 0
}

/** The new workspace passphrase: CERMAT_NEW_PASSPHRASE, or typed twice at a terminal; null when the two differ. */
async function newWorkspacePassphrase(): Promise<string | undefined | null> {
  if (process.env.CERMAT_NEW_PASSPHRASE !== undefined) return process.env.CERMAT_NEW_PASSPHRASE
  if (!process.stdin.isTTY) return undefined
  const typed = await askHidden('Frasa sandi baru ruang kerja (minimal 8 karakter): ')
  return (await askHidden('Ulangi frasa sandi baru: ')) === typed ? typed : null
}

/**
 * `cermat key --workspace <dir> --new-passphrase`: the data key re-wrapped under a new passphrase
 * (opened with the old one or the recovery code); the old passphrase stops working.
 */
export async function runNewPassphrase(opts: { workspace: string; locale: Locale; log(s: string): void }): Promise<number> {
  const dir = resolve(opts.workspace)
  const next = await newWorkspacePassphrase()
  if (next === null) {
    opts.log(t(opts.locale, 'cli.passphrase.mismatch'))
    return 1
  }
  if (next === undefined || next.length < 8) {
    opts.log(t(opts.locale, 'cli.passphrase.newRequired'))
    return 2
  }
  const dropped = await changePassphrase(dir, cliKeySource, next)
  opts.log(t(opts.locale, 'cli.passphrase.changed', { location: dir }))
  if (dropped > 0) opts.log(t(opts.locale, 'cli.passphrase.oldGone'))
  return 0
}
