/**
 * `cermat`: the engine from the command line, without Electron (docs/cli.md).
 *   cermat check --master <file> --out <dir> <village files…>
 *   cermat import --workspace <dir> [--master <file>] <village files…>
 *   cermat export --workspace <dir> [--desa A,B] [--all] [--out <file|dir>] [--key-dir <dir>]
 *   cermat daftar-perbaikan --workspace <dir> [--desa <name>] --out <file.xlsx>  (daftar-perbaikan.ts)
 *   cermat verify <package.zip> [--keyring <file> | --pubkey <file>]
 *   cermat key [--new] [--key-dir <dir>] [--out <pubkey file>]
 *   cermat key recovery --workspace <dir>   (a recovery code, printed once; --recovery-code / CERMAT_RECOVERY_CODE opens with it)
 *   cermat key --workspace <dir> --new-passphrase   (CERMAT_NEW_PASSPHRASE or typed twice; the old one stops working)
 *   cermat audit verify --workspace <dir>                              (audit.ts)
 *   cermat approve <package.zip> --key <file|dir> --role camat|kasi --name … [--nip …]  (approve.ts)
 *   cermat decide --workspace <dir> --nik <NIK> --action … | --from <csv>  (decide.ts)
 *   cermat settings --workspace <dir> [--kecamatan …] [--signatory …]      (settings.ts)
 *   cermat send <package.zip> --to <url> [--chunk-size <bytes>]      (send.ts)
 *   cermat receipt <receipt.json> [--package <zip>] [--receiver-key <file>] (receipt.ts)
 *   cermat receiver serve|enrol|keys|revoke|dev …                      (receiver.ts)
 * Exit codes: 0 done; 1 package invalid or command failed; 2 nothing usable / wrong usage.
 */
import { parseArgs } from 'node:util'

import { toAppError } from '../../shared/api/result'
import { COVERAGE_SETTINGS, type CoverageSetting, type Locale } from '../../shared/api/types'
import { DEFAULT_LIMITS } from '../../shared/engine/import/read-workbook'
import { runApproveCli } from './approve'
import { runAuditCli } from './audit'
import { runBeritaAcaraCli } from './berita-acara'
import { runCheck } from './check'
import { runDaftarPerbaikan } from './daftar-perbaikan'
import { runDecideCli } from './decide'
import { parseFlags } from './parse-options'
import { askHidden } from './prompt'
import { runReceiptCli } from './receipt'
import { runReceiverCli } from './receiver'
import { runSendCli } from './send'
import { runSettingsCli } from './settings'
import { runExport, runImport, runKey, runNewPassphrase, runRecoveryKey, runVerify, takeRecoveryCode } from './workspace-commands'

declare const __APP_VERSION__: string | undefined
const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev'

const HELP = `Cermat ${APP_VERSION} — verifikasi data DTKS/DTSEN kecamatan

Pemakaian / usage:
  cermat check --master <file> --out <folder> [--coverage …] <file desa…>   periksa file desa terhadap data induk
  cermat import --workspace <folder> [--master <file>] [--replace|--add] [--coverage complete|changes|auto] [--sheet <nama>] [--header-row <n>] [--template <nama>] <file desa…>
  cermat export --workspace <folder> [--desa A,B] [--all] [--out <file|folder>] [--key-dir <folder>]
  cermat daftar-perbaikan --workspace <folder> [--desa <nama>] --out <file.xlsx>  daftar yang harus diperbaiki desa (Excel)
  cermat verify <paket.zip> [--keyring <file>|--pubkey <file>] [--approvers <file>] periksa tanda tangan, kunci, persetujuan dan isi paket
  cermat key [--new] [--key-dir <folder>] [--out <file>]      tampilkan/buat kunci tanda tangan (--new: hanya membuat yang baru)
  cermat key recovery --workspace <folder>                     buat/ganti kode pemulihan ruang kerja (ditampilkan sekali)
  cermat key --workspace <folder> --new-passphrase             ganti frasa sandi ruang kerja (baru: CERMAT_NEW_PASSPHRASE atau diketik 2x)
  cermat audit verify --workspace <folder>                     periksa seluruh rantai audit dari entri pertama
  cermat approve <paket.zip> --key <file|folder> --role camat|kasi --name <nama> [--nip <NIP>] [--out <file>]   persetujuan camat/kasi atas paket
  cermat decide --workspace <folder> --nik <NIK> --action accept|keep|exclude|remove|verify [--field …] [--reason … --basis-number … --basis-date …]   catat keputusan (atau --from <keputusan.csv>)
  cermat settings --workspace <folder> [--kecamatan …] [--kabupaten …] [--operator …] [--signatory "role=…;title=…;name=…"]   lihat/ubah pengaturan
  cermat berita-acara --workspace <folder> --package <paket.zip> --out <file.pdf> [--date YYYY-MM-DD]   berita acara paket (PDF)
  cermat send <paket.zip> --to <alamat> [--chunk-size <byte>] kirim paket ke Dinas Sosial, simpan tanda terimanya
  cermat receipt <tanda-terima.json> [--package <paket.zip>]  periksa tanda terima Dinas (tanpa jaringan)
  cermat receiver serve|enrol|keys|revoke|dev …                penerima paket di Dinas Sosial (docs/delivery.md)

Impor: bila desa sudah punya file, --replace menggantinya (keputusan yang masih cocok dipertahankan),
  --add menambah sebagai file kedua; --template menyimpan pemetaan kolom yang dipakai dengan nama itu.
Cakupan file desa: --coverage complete|changes|auto (daftar lengkap / perubahan saja / tebak dari
  data induk, bawaan). Orang yang tidak ada di file hanya dilaporkan untuk daftar lengkap.
Ekspor: hanya perubahan baru atau yang berubah sejak paket terakhir (yang berubah ditandai koreksi
  paket N); --all mengirim ulang semuanya. Perubahan yang melanggar aturan data ditahan dan didaftar.
Batas file: --max-rows <n> (baris per lembar), --max-unzipped-mb <n> (isi xlsx/ods terurai).
Pembacaan file (check, import): --parse-processes <n> (proses pembaca, bawaan = jumlah inti, 1–4;
  0 = di proses ini), --parse-memory-mb <n> (batas memori per file, bawaan 640),
  --parse-timeout-s <n> (batas waktu per file, bawaan 120). File yang melewatinya ditolak.
Pilihan umum: --lang id|en (bahasa pesan), --help
Frasa sandi kunci: variabel lingkungan CERMAT_PASSPHRASE, atau diketik bila diminta.
Kode pemulihan ruang kerja: --recovery-code "<kode>" atau CERMAT_RECOVERY_CODE (bila frasa sandi/kunci Windows hilang).
Kode keluar: 0 selesai, 1 paket tidak sah/perintah gagal, 2 tidak ada data yang dapat dipakai/pemakaian salah.`

/** A command that failed as a whole (workspace locked, damaged): its message, exit 1. */
async function guarded(run: () => Promise<number>, err: (s: string) => void): Promise<number> {
  try {
    return await run()
  } catch (e) {
    err(`Gagal: ${toAppError(e).message}`)
    return 1
  }
}

function passphraseSource(): () => Promise<string | undefined> {
  return async () => process.env.CERMAT_PASSPHRASE ?? (process.stdin.isTTY ? askHidden('Frasa sandi kunci tanda tangan: ') : undefined)
}

export async function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s + '\n'),
  err: (s: string) => void = (s) => process.stderr.write(s + '\n')
): Promise<number> {
  const [command, ...rest] = takeRecoveryCode(argv)
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(HELP)
    return command ? 0 : 2
  }
  if (command === '--version') {
    out(APP_VERSION)
    return 0
  }
  // Their own options; kept apart from the workspace commands' parser.
  if (command === 'decide') return guarded(() => runDecideCli(rest, { out, err, appVersion: APP_VERSION }), err)
  if (command === 'settings') return guarded(() => runSettingsCli(rest, { out, err, appVersion: APP_VERSION }), err)
  if (command === 'berita-acara') return runBeritaAcaraCli(rest, out, err, APP_VERSION)
  if (command === 'audit') return runAuditCli(rest, { out, err, appVersion: APP_VERSION })
  if (command === 'approve') return guarded(() => runApproveCli(rest, { out, err, passphrase: passphraseSource() }), err)
  if (command === 'send' || command === 'receiver' || command === 'receipt') {
    try {
      return await (command === 'send' ? runSendCli : command === 'receipt' ? runReceiptCli : runReceiverCli)(rest, out, err)
    } catch (e) {
      err(`Gagal: ${toAppError(e).message}`)
      return 1
    }
  }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        master: { type: 'string' },
        out: { type: 'string' },
        workspace: { type: 'string' },
        desa: { type: 'string' },
        pubkey: { type: 'string' },
        keyring: { type: 'string' },
        'key-dir': { type: 'string' },
        replace: { type: 'boolean' },
        add: { type: 'boolean' },
        all: { type: 'boolean' },
        sheet: { type: 'string' },
        'header-row': { type: 'string' },
        template: { type: 'string' },
        'max-rows': { type: 'string' },
        coverage: { type: 'string' },
        'max-unzipped-mb': { type: 'string' },
        'parse-processes': { type: 'string' },
        'parse-memory-mb': { type: 'string' },
        'parse-timeout-s': { type: 'string' },
        lang: { type: 'string', default: 'id' },
        help: { type: 'boolean' },
        new: { type: 'boolean' },
        'new-passphrase': { type: 'boolean' },
        approvers: { type: 'string' }
      }
    })
  } catch (e) {
    err(`${e instanceof Error ? e.message : String(e)}\n\n${HELP}`)
    return 2
  }
  const v = parsed.values as Record<string, string | boolean | undefined>
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined)
  const positionals = parsed.positionals
  if (v.help) {
    out(HELP)
    return 0
  }
  const usage = (message: string) => {
    err(`${message}\n\n${HELP}`)
    return 2
  }
  const locale: Locale = str('lang') === 'en' ? 'en' : 'id'
  const positiveInt = (k: string): number | undefined | null => {
    const raw = str(k)
    if (raw === undefined) return undefined
    const n = Number(raw)
    return Number.isInteger(n) && n > 0 ? n : null
  }
  const maxRows = positiveInt('max-rows')
  const maxMb = positiveInt('max-unzipped-mb')
  const headerRow = positiveInt('header-row')
  if (maxRows === null || maxMb === null || headerRow === null)
    return usage('--max-rows, --max-unzipped-mb dan --header-row membutuhkan bilangan bulat positif.')
  const parsing = parseFlags(str)
  if (typeof parsing === 'string') return usage(parsing)
  const coverage = str('coverage')
  if (coverage !== undefined && !(COVERAGE_SETTINGS as readonly string[]).includes(coverage))
    return usage('--coverage harus complete, changes atau auto.')
  const limits =
    maxRows || maxMb
      ? { ...DEFAULT_LIMITS, ...(maxRows ? { maxRows } : {}), ...(maxMb ? { maxUnzippedBytes: maxMb * 1024 * 1024 } : {}) }
      : undefined

  try {
    switch (command) {
      case 'check': {
        const master = str('master')
        const outDir = str('out')
        if (!master || !outDir) return usage('cermat check membutuhkan --master <file> dan --out <folder>.')
        return await runCheck({
          master,
          out: outDir,
          villages: positionals,
          locale,
          appVersion: APP_VERSION,
          limits,
          parsing,
          coverage: coverage as CoverageSetting | undefined,
          log: out,
          progress: process.stderr.isTTY ? err : undefined
        })
      }
      case 'import': {
        const workspace = str('workspace')
        if (!workspace) return usage('cermat import membutuhkan --workspace <folder>.')
        if (v.replace && v.add) return usage('Pilih salah satu: --replace atau --add.')
        const sheet = str('sheet')
        const choice = sheet || headerRow ? { ...(sheet ? { sheet } : {}), ...(headerRow ? { headerRow } : {}) } : undefined
        return await runImport({
          workspace,
          master: str('master'),
          villages: positionals,
          appVersion: APP_VERSION,
          limits,
          parsing,
          coverage: coverage as CoverageSetting | undefined,
          options: {
            ...(v.replace ? { onExisting: 'replace' as const } : v.add ? { onExisting: 'add' as const } : {}),
            ...(choice ? { choice } : {}),
            ...(str('template') ? { saveTemplate: str('template') } : {})
          },
          log: out
        })
      }
      case 'export': {
        const workspace = str('workspace')
        if (!workspace) return usage('cermat export membutuhkan --workspace <folder>.')
        const desa = str('desa')
          ?.split(',')
          .map((d) => d.trim())
          .filter(Boolean)
        return await runExport({
          workspace,
          desa,
          all: v.all === true,
          locale,
          out: str('out'),
          keyDir: str('key-dir'),
          passphrase: passphraseSource(),
          appVersion: APP_VERSION,
          log: out
        })
      }
      case 'daftar-perbaikan': {
        const workspace = str('workspace')
        const target = str('out')
        if (!workspace || !target) return usage('cermat daftar-perbaikan membutuhkan --workspace <folder> dan --out <file.xlsx>.')
        return await runDaftarPerbaikan({ workspace, desa: str('desa'), out: target, locale, appVersion: APP_VERSION, log: out })
      }
      case 'verify': {
        const [pkg] = positionals
        if (!pkg) return usage('cermat verify membutuhkan file paket.')
        return await runVerify({ packagePath: pkg, pubkey: str('pubkey'), keyring: str('keyring'), approvers: str('approvers'), log: out })
      }
      case 'key':
        if (positionals[0] === 'recovery') {
          const workspace = str('workspace')
          if (!workspace || positionals.length !== 1) return usage('cermat key recovery membutuhkan --workspace <folder>.')
          return await runRecoveryKey({ workspace, locale, log: out })
        }
        if (v['new-passphrase'] === true) {
          const workspace = str('workspace')
          if (!workspace || positionals.length !== 0) return usage('cermat key --new-passphrase membutuhkan --workspace <folder>.')
          return await runNewPassphrase({ workspace, locale, log: out })
        }
        return await runKey({ keyDir: str('key-dir'), out: str('out'), fresh: v.new === true, passphrase: passphraseSource(), log: out })
      default:
        return usage(`Perintah tidak dikenal: ${command}.`)
    }
  } catch (e) {
    const appError = toAppError(e)
    err(`Gagal: ${appError.message}`)
    return 1
  }
}

// Run when executed (bin/cermat.js requires this file), not when imported by tests.
if (require.main === module || process.env.CERMAT_CLI_MAIN === '1') {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}
