/**
 * `cermat berita-acara --workspace <dir> --package <paket.zip> --out <file.pdf> [--date YYYY-MM-DD]`:
 * the berita acara of a package as PDF, with the workspace's kop surat, numbering and signatories.
 * The package is read through the verifier; an invalid one (or one of another workspace) is refused.
 */
import { promises as fs } from 'node:fs'
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'

import { toAppError } from '../../shared/api/result'
import { isRealIsoDate } from '../../shared/domain/dates'
import { localIsoDate } from '../../shared/domain/letter'
import { buildBeritaAcara } from '../../shared/engine/outputs/berita-acara'
import { beritaAcaraPdf } from '../../shared/engine/outputs/berita-acara-pdf'
import { verifyEd25519 } from '../engine-host/key-store'
import { sha256 } from '../engine-host/node-ports'
import { writeFileAtomic } from '../engine-host/node-storage'
import { withWorkspace } from './workspace-commands'

const USAGE = 'Pemakaian: cermat berita-acara --workspace <folder> --package <paket.zip> --out <file.pdf> [--date YYYY-MM-DD]'

export async function runBeritaAcaraCli(
  args: string[],
  out: (s: string) => void,
  err: (s: string) => void,
  appVersion = '0.0.0-dev'
): Promise<number> {
  let values: Record<string, string | undefined>
  try {
    values = parseArgs({
      args,
      options: { workspace: { type: 'string' }, package: { type: 'string' }, out: { type: 'string' }, date: { type: 'string' } }
    }).values
  } catch (e) {
    err(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`)
    return 2
  }
  const { workspace, package: pkg, out: target } = values
  if (!workspace || !pkg || !target) {
    err(USAGE)
    return 2
  }
  const date = values.date ?? localIsoDate(new Date())
  if (!isRealIsoDate(date)) {
    err(`--date harus tanggal YYYY-MM-DD (bukan ${date}).\n${USAGE}`)
    return 2
  }
  let zip: Uint8Array
  try {
    zip = new Uint8Array(await fs.readFile(pkg))
  } catch (e) {
    err(`Paket ${basename(pkg)} tidak dapat dibaca (${(e as NodeJS.ErrnoException).code ?? String(e)}).`)
    return 2
  }
  try {
    const settings = await withWorkspace(resolve(workspace), appVersion, (engine) => engine.info())
    const ba = buildBeritaAcara(zip, basename(pkg), settings, date, { sha256, verifyEd25519 })
    await writeFileAtomic(resolve(target), await beritaAcaraPdf(ba))
    out(`Berita acara ${ba.number} disimpan: ${resolve(target)}`)
    out(`  Paket ke-${ba.package.seq}, ${ba.counts.total} perubahan, SHA-256 ${ba.package.sha256}`)
    return 0
  } catch (e) {
    err(`Gagal: ${toAppError(e).message}`)
    return 1
  }
}
