/**
 * `cermat receiver …` (docs/delivery.md):
 *   serve --database <url> --port <p> --data <folder> [--host 127.0.0.1] [--name <nama>]
 *   enrol --database <url> --kecamatan <nama> <public key file>
 *   keys  --database <url>                                      the registry, revoked keys included
 *   revoke --database <url> <key id> [--reason <teks>]          a key's packages are refused from now on
 *   approvers [enrol <public key file> --role camat|kasi --name <nama> [--kecamatan <nama>] | revoke <key id>] --database <url>
 *   dev   --port <p> [--enrol <public key file> …]   throwaway PostgreSQL + receiver, for trying
 *   drop  --database <url> --data <folder> --out <receipt file> <package.zip>   a package from a USB stick
 * `npm run receiver:dev` is the dev form. SIGTERM/SIGINT stop everything started here.
 */
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

import { acceptPackage } from '../../receiver/accept'
import { migrate, openPool, type Pool } from '../../receiver/db'
import { type DevPostgres, startDevPostgres } from '../../receiver/dev-postgres'
import { loadOrCreateDinasKey } from '../../receiver/dinas-key'
import { enrolKey, listKeys, revokeKey } from '../../receiver/registry'
import { MAX_UPLOAD_BYTES, type RunningReceiver, startReceiver } from '../../receiver/server'
import { parseKeyring, type TrustedKey } from '../../shared/engine/package/trust'
import { runApproversCli } from './receiver-approvers'
import { readPublicKey } from './workspace-commands'

const USAGE = `Pemakaian:
  cermat receiver serve --database <postgres://…> --port <p> --data <folder> [--host 127.0.0.1] [--name <nama Dinas>]
  cermat receiver enrol --database <postgres://…> --kecamatan <nama> <file kunci publik>
  cermat receiver keys --database <postgres://…>                       daftar kunci kecamatan (juga yang dicabut)
  cermat receiver revoke --database <postgres://…> <sidik kunci> [--reason <alasan>]   cabut kunci kecamatan
  cermat receiver approvers --database <postgres://…>                  daftar kunci penyetuju (camat/kasi)
  cermat receiver approvers enrol --database <postgres://…> <file kunci publik> --role camat|kasi --name <nama> [--kecamatan <nama>]
  cermat receiver approvers revoke --database <postgres://…> <sidik kunci> [--reason <alasan>]
  cermat receiver dev --port <p> [--enrol <file kunci publik> …]   (PostgreSQL sementara, untuk mencoba)
  cermat receiver drop --database <postgres://…> --data <folder> --out <tanda-terima.json> <paket.zip> [--name <nama Dinas>]`

/** Keys in a file: one public key (cermat key --out), or a keyring with kecamatan names. */
async function keysIn(path: string, kecamatan: string | undefined): Promise<TrustedKey[]> {
  const text = await fs.readFile(path, 'utf8')
  if (text.trim().startsWith('{"keys"') || text.trim().startsWith('[') || /"keys"\s*:/.test(text)) return parseKeyring(text)
  return [{ publicKey: await readPublicKey(path), kecamatan: kecamatan ?? null, label: basename(path) }]
}

async function enrolFiles(pool: Pool, files: string[], kecamatan: string | undefined, out: (s: string) => void): Promise<void> {
  for (const f of files) {
    for (const k of await keysIn(f, kecamatan)) {
      const id = await enrolKey(pool, { ...k, by: 'cermat receiver' })
      out(`Kunci ${id} terdaftar${k.kecamatan ? ` untuk kecamatan ${k.kecamatan}` : ' (kecamatan belum disebut)'} dari ${basename(f)}`)
    }
  }
}

async function printKeys(pool: Pool, out: (s: string) => void): Promise<number> {
  const keys = await listKeys(pool)
  if (keys.length === 0) out('Belum ada kunci kecamatan yang terdaftar.')
  for (const k of keys) {
    const state = k.revokedAt ? `DICABUT ${k.revokedAt}${k.revokedReason ? ` (${k.revokedReason})` : ''}` : 'berlaku'
    out(`${k.keyId}  ${k.kecamatan ?? '(kecamatan belum disebut)'}  terdaftar ${k.enrolledAt}  ${state}`)
  }
  return 0
}

async function revoke(
  pool: Pool,
  keyId: string,
  reason: string | undefined,
  out: (s: string) => void,
  err: (s: string) => void
): Promise<number> {
  const r = await revokeKey(pool, keyId, { by: 'cermat receiver revoke', ...(reason ? { reason } : {}) })
  if (r.status === 'unknown') {
    err(`Kunci ${keyId} tidak terdaftar (lihat: cermat receiver keys).`)
    return 1
  }
  if (r.status === 'ambiguous') {
    err(`Sidik kunci ${keyId} cocok dengan lebih dari satu kunci (${r.keyIds.join(', ')}); tulis lebih lengkap.`)
    return 1
  }
  const where = r.key.kecamatan ? ` kecamatan ${r.key.kecamatan}` : ''
  if (r.status === 'already') out(`Kunci ${r.key.keyId}${where} sudah dicabut pada ${r.key.revokedAt}.`)
  else out(`Kunci ${r.key.keyId}${where} dicabut pada ${r.key.revokedAt}: paket yang ditandatanganinya ditolak mulai sekarang.`)
  return 0
}

/**
 * A package that came on a USB stick: accepted exactly as an upload would be (same checks, same
 * chain, same idempotence), and the signed receipt written to a file that goes back to the office.
 */
async function dropPackage(
  pool: Pool,
  opts: { file: string; dataDir: string; out: string; name?: string },
  out: (s: string) => void,
  err: (s: string) => void
): Promise<number> {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await fs.readFile(opts.file))
  } catch (e) {
    err(`Paket ${basename(opts.file)} tidak dapat dibaca (${(e as NodeJS.ErrnoException).code ?? String(e)}).`)
    return 2
  }
  if (bytes.length > MAX_UPLOAD_BYTES) {
    err(`DITOLAK: paket terlalu besar untuk penerima (${bytes.length} byte).`)
    return 1
  }
  const key = await loadOrCreateDinasKey(join(opts.dataDir, 'dinas-key.pem'))
  const outcome = await acceptPackage(pool, bytes, { key, receiverName: opts.name ?? 'Dinas Sosial' })
  if (outcome.status !== 'accepted') {
    err(`${outcome.status === 'quarantined' ? 'DIKARANTINA' : 'DITOLAK'}: ${outcome.reason}`)
    return 1
  }
  await fs.writeFile(opts.out, JSON.stringify(outcome.receipt, null, 2) + '\n')
  out(
    `${outcome.duplicate ? 'Sudah diterima sebelumnya' : 'Diterima'}: paket ${basename(opts.file)} (SHA-256 ${outcome.packageSha256.slice(0, 16)}…).`
  )
  out(`Tanda terima disimpan: ${opts.out} — bawa kembali ke kecamatan dan impor di layar Kirim (atau cermat receipt … --workspace).`)
  return 0
}

/** The first SIGTERM/SIGINT; later ones are ignored so they cannot cut the clean-up short. */
function untilSignal(): Promise<string> {
  return new Promise((r) => {
    process.on('SIGTERM', () => r('SIGTERM'))
    process.on('SIGINT', () => r('SIGINT'))
  })
}

export async function runReceiverCli(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [sub, ...rest] = args
  let parsed
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        database: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        name: { type: 'string' },
        kecamatan: { type: 'string' },
        reason: { type: 'string' },
        enrol: { type: 'string', multiple: true },
        out: { type: 'string' },
        role: { type: 'string' }
      }
    })
  } catch (e) {
    err(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`)
    return 2
  }
  const v = parsed.values
  const port = v.port === undefined ? undefined : Number(v.port)
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    err(`--port membutuhkan nomor port.\n${USAGE}`)
    return 2
  }

  if (sub === 'approvers') {
    if (!v.database) {
      err(USAGE)
      return 2
    }
    const pool = openPool(v.database, 2)
    try {
      await migrate(pool)
      return await runApproversCli(pool, parsed.positionals, v, out, err, USAGE)
    } finally {
      await pool.end()
    }
  }

  if (sub === 'enrol') {
    const [file] = parsed.positionals
    if (!v.database || !file) {
      err(USAGE)
      return 2
    }
    const pool = openPool(v.database, 2)
    try {
      await migrate(pool)
      await enrolFiles(pool, [file], v.kecamatan, out)
      return 0
    } finally {
      await pool.end()
    }
  }

  if (sub === 'keys' || sub === 'revoke') {
    const [keyId] = parsed.positionals
    if (!v.database || (sub === 'revoke' && !keyId)) {
      err(USAGE)
      return 2
    }
    const pool = openPool(v.database, 2)
    try {
      await migrate(pool)
      return sub === 'keys' ? await printKeys(pool, out) : await revoke(pool, keyId as string, v.reason, out, err)
    } finally {
      await pool.end()
    }
  }

  if (sub === 'drop') {
    const [file] = parsed.positionals
    if (!v.database || !v.data || !v.out || !file) {
      err(USAGE)
      return 2
    }
    const pool = openPool(v.database, 2)
    try {
      await migrate(pool)
      return await dropPackage(pool, { file, dataDir: resolve(v.data), out: v.out, ...(v.name ? { name: v.name } : {}) }, out, err)
    } finally {
      await pool.end()
    }
  }

  if (sub === 'serve' || sub === 'dev') {
    if (port === undefined || (sub === 'serve' && (!v.database || !v.data))) {
      err(USAGE)
      return 2
    }
    let pg: DevPostgres | null = null
    let pool: Pool | null = null
    let receiver: RunningReceiver | null = null
    let tmp: string | null = null
    const signal = untilSignal()
    try {
      let url = v.database
      if (sub === 'dev') {
        pg = await startDevPostgres()
        url = pg.url
        out(`PostgreSQL sementara: ${url} (folder ${pg.dir})`)
      }
      const dataDir = v.data ? resolve(v.data) : (tmp = await fs.mkdtemp(join(tmpdir(), 'cermat-receiver-')))
      pool = openPool(url as string, 20, (e) =>
        err(`Koneksi PostgreSQL yang menganggur terputus (${e.message}); koneksi baru dibuka saat dibutuhkan.`)
      )
      await migrate(pool)
      await enrolFiles(pool, v.enrol ?? [], v.kecamatan, out)
      const key = await loadOrCreateDinasKey(join(dataDir, 'dinas-key.pem'))
      receiver = await startReceiver({
        pool,
        dataDir,
        key,
        port,
        host: v.host ?? '127.0.0.1',
        ...(v.name ? { name: v.name } : {}),
        log: err
      })
      out(`Kunci tanda terima Dinas: ${key.keyId} (${key.publicKey})`)
      out(`ready ${receiver.url}`)
      const why = await signal
      out(`${why}: penerima berhenti`)
      return 0
    } finally {
      await receiver?.close().catch(() => undefined)
      await pool?.end().catch(() => undefined)
      await pg?.stop().catch(() => undefined)
      if (tmp) await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined)
    }
  }
  err(USAGE)
  return 2
}
