/** The workspace the removal and bulk-action tests share: a master, two desa files, and ways to read it back. */
import { generateKeyPairSync, sign } from 'node:crypto'

import { keyIdOf, rawPublicKey } from '../../../electron/engine-host/key-store'
import type { RowView } from '../../../shared/api/types'
import type { RemovalBasis } from '../../../shared/domain/removal'
import type { Db } from '../../../shared/engine/db'
import type { Engine } from '../../../shared/engine/engine'
import type { Signer } from '../../../shared/engine/ports'
import { openEngine } from '../helpers/engine'
import { FaultyStorage } from '../helpers/memory-storage'
import { packageCsv } from '../helpers/package-csv'
import { csv } from '../helpers/sheets'

export const master = () =>
  csv(
    [
      'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA;RT',
      'SUMBERADI;3404051201100001;3404051205800001;MUHAMMAD YUSUF;L;1980-05-12;Kepala Keluarga;003',
      'SUMBERADI;3404051201100001;3404055708850002;SITI AMINAH;P;1985-08-17;Istri/Suami;003',
      'SUMBERADI;3404051201100001;3404050303100003;ACHMAD FAUZI;L;2010-03-03;Anak;003',
      'SUMBERADI;3404051201100009;3404050101500009;MBAH KARSO;L;1950-01-01;Kepala Keluarga;001',
      'SUMBERADI;3404051301100004;3404051111700004;SOEHARTO;L;1970-11-11;Kepala Keluarga;003',
      'TLOGOADI;3404051401100005;3404051212750005;WAGIMAN;L;1975-12-12;Kepala Keluarga;001'
    ].join('\n')
  )

/** Rows 2–7 as Excel shows them: three spelling variants, an RT change, a death, a broken NIK, a new child. */
export const sumberadi = () =>
  csv(
    [
      'NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK;RT;KETERANGAN',
      '3404051205800001;3404051201100001;MUHAMAD YUSUF;L;12-05-1980;KEPALA KELUARGA;3;', // 2 spelling
      '3404055708850002;3404051201100001;SITI AMINAH;P;17-08-1985;ISTRI;7;', // 3 RT differs
      '3404050303100003;3404051201100001;AHMAD FAUZI;L;03-03-2010;ANAK;3;MENINGGAL', // 4 spelling + death
      '3404051111700004;3404051301100004;SUHARTO;L;11-11-1970;KEPALA KELUARGA;3;', // 5 spelling
      '340405010124000;3404051201100001;BAYI;P;01-01-2024;ANAK;3;', // 6 15 digits: error
      '3404054101240005;3404051201100001;PUTRI BARU;P;01-01-2024;ANAK;3;ANGGOTA BARU' // 7 new
    ].join('\n')
  )

export const tlogoadi = () =>
  csv(['NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK', '3404051212750005;3404051401100005;WAGIMAN;L;12-12-1975;KEPALA KELUARGA'].join('\n'))

export const BA: RemovalBasis = { reason: 'MENINGGAL', kind: 'BA', number: '045/BA/XI/2026', date: '2026-11-02' }

export const dbOf = (engine: Engine) => (engine as unknown as { db: Db }).db

export async function workspace(storage = new FaultyStorage()) {
  const { engine } = await openEngine(storage)
  await engine.importFile('master', { taskId: 'm', fileName: 'induk.csv', bytes: master() })
  await engine.importFile('village', { taskId: 'v', fileName: 'sumberadi.csv', bytes: sumberadi(), desa: 'SUMBERADI' })
  await engine.importFile('village', { taskId: 'w', fileName: 'tlogoadi.csv', bytes: tlogoadi(), desa: 'TLOGOADI' })
  return { engine, storage }
}

/** What a person sees of the workspace: every row's values, status and findings with their state. */
export const view = async (engine: Engine) =>
  (await engine.rows()).map((r: RowView) => ({
    id: r.id,
    values: r.values,
    status: r.status,
    findings: r.findings.map((f) => `${f.key}=${f.status}/${f.resolution}`)
  }))

export const byNo = async (engine: Engine, rowNo: number, file = 'sumberadi.csv') =>
  (await engine.rows()).find((r) => r.rowNo === rowNo && r.fileName === file)!
export const finding = (row: RowView, code: string) => row.findings.find((f) => f.code === code)!
export const masterOnly = async (engine: Engine) => (await engine.rows()).find((r) => r.kind === 'master_only')!
export const decision = (engine: Engine, key: string) =>
  dbOf(engine).get('SELECT action, reason, basis_kind, basis_no, basis_date FROM decisions WHERE finding_key = ?', [key])

/** Ids of the rows whose view differs between two full listings (changed, added or gone). */
export function changedIds(before: Awaited<ReturnType<typeof view>>, after: Awaited<ReturnType<typeof view>>): string[] {
  const a = new Map(before.map((r) => [r.id, JSON.stringify(r)]))
  const b = new Map(after.map((r) => [r.id, JSON.stringify(r)]))
  return [...new Set([...a.keys(), ...b.keys()])].filter((id) => a.get(id) !== b.get(id)).sort()
}
export const idsOf = (changed: { rows: RowView[]; removed: string[] }) => [...changed.rows.map((r) => r.id), ...changed.removed].sort()

export function signer(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  const identity = { publicKey: Buffer.from(raw).toString('base64'), keyId: keyIdOf(raw) }
  return { identity: async () => identity, sign: async (d) => new Uint8Array(sign(null, d, privateKey)) }
}

/** The package's CSV of Sumberadi, as rows of named columns. */
export async function packageRows(engine: Engine): Promise<Record<string, string>[]> {
  let bytes: Uint8Array<ArrayBufferLike> = new Uint8Array()
  await engine.exportPackage(['SUMBERADI'], signer(), async (b, name) => {
    bytes = b
    return { fileName: name, location: `/tmp/${name}` }
  })
  const lines = packageCsv(bytes).split('\r\n').filter(Boolean)
  const cells = (l: string) => l.slice(1, -1).split('","')
  const header = lines[0]!.split(',')
  return lines.slice(1).map((l) => Object.fromEntries(cells(l).map((v, i) => [header[i]!, v])))
}
