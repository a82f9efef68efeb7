/** `cermat check`: master + village files → report.json and a summary on stdout. Nothing is stored on disk but the report. */
import { promises as fs } from 'node:fs'
import { basename, join, resolve } from 'node:path'

import { toAppError } from '../../shared/api/result'
import type { CoverageSetting, FileCoverage, ImportResult, Locale, Summary } from '../../shared/api/types'
import { FINDING_CODES, type FindingCode, SEVERITY } from '../../shared/domain/findings'
import type { TimedPhase } from '../../shared/engine/commands/types'
import { Engine } from '../../shared/engine/engine'
import type { ParsePort } from '../../shared/engine/import/parse-port'
import { DEFAULT_LIMITS, type ReadLimits } from '../../shared/engine/import/read-workbook'
import {
  failedFile,
  type Report,
  type ReportDesaEvidence,
  type ReportFile,
  reportFile,
  reportFindings,
  reportJson
} from '../../shared/engine/report'
import { MemoryStorage } from '../../shared/engine/store/memory-storage'
import { type MessageKey, t } from '../../shared/i18n'
import { loadSql, nowIso, osUser, randomId, sha256 } from '../engine-host/node-ports'
import { cliParsePool, type ParseFlags } from './parse-options'
import { formatTable } from './table'

export interface CheckOptions {
  master: string
  out: string
  villages: string[]
  locale: Locale
  appVersion: string
  /** Bounds for reading the files; DEFAULT_LIMITS when absent. */
  limits?: ReadLimits | undefined
  /** Reads the files; else a pool of parse processes as `parsing` asks (parse-options.ts); else in this process. */
  parser?: ParsePort | undefined
  parsing?: ParseFlags | undefined
  /** What every village file covers; decided per file from the master when absent or 'auto'. */
  coverage?: CoverageSetting | undefined
  log(line: string): void
  progress?(line: string): void
  /** Marks where the time goes (read, map, insert, match, findings, save, report): `npm run bench` times them. */
  phase?(name: TimedPhase): void
}

async function readInput(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(path))
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const reason =
      code === 'ENOENT'
        ? 'file tidak ada'
        : code === 'EISDIR'
          ? 'ini folder, bukan file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'tidak ada izin membaca'
            : String(code ?? err)
    throw Object.assign(new Error(`File ${basename(path)} tidak dapat dibaca: ${reason}.`), { code: 'FILE_UNREADABLE' })
  }
}

function asError(err: unknown): { code: string; message: string } {
  if (err instanceof Error && (err as { code?: unknown }).code === 'FILE_UNREADABLE')
    return { code: 'FILE_UNREADABLE', message: err.message }
  const e = toAppError(err)
  return { code: e.code, message: e.message }
}

/** Returns the exit code: 0 when inputs were read (findings are not errors), 2 when nothing usable was. */
export async function runCheck(opts: CheckOptions): Promise<number> {
  const pool = opts.parser || !opts.parsing ? undefined : cliParsePool(opts.parsing)
  try {
    return await check({ ...opts, parser: opts.parser ?? pool })
  } finally {
    pool?.close()
  }
}

async function check(opts: CheckOptions): Promise<number> {
  const engine = await Engine.open(
    {
      sql: await loadSql(),
      storage: new MemoryStorage(),
      now: () => nowIso(),
      sha256,
      randomId,
      defaultOperator: osUser(),
      appVersion: opts.appVersion,
      progress: (e) => {
        if (e.phase === 'parse' && e.total > 0) opts.progress?.(`  ${e.phase} ${e.done}/${e.total}`)
      },
      ...(opts.limits ? { limits: opts.limits } : {}),
      ...(opts.phase ? { phase: opts.phase } : {}),
      ...(opts.parser ? { parser: opts.parser } : {})
    },
    // Nothing of the workspace outlives the run: no snapshots of it, and no cells as read, which
    // only the fix list reads (report.json is made from the mapped values and the findings).
    { name: 'cermat check', ephemeral: true, rawCells: false }
  )
  // With a parser that reads ahead, every file is read from disk first and handed to it (in
  // parallel, largest first); the engine still applies them one at a time in the order given.
  // Without one, each file is read at its turn: the village files' bytes are not held while the
  // master is parsed. Either way a file's bytes are let go once handed over.
  const paths = [opts.master, ...opts.villages]
  const read = (p: string) =>
    readInput(p).then(
      (bytes) => ({ bytes }),
      (error: unknown) => ({ error })
    )
  const prefetch = opts.parser?.prefetch?.bind(opts.parser)
  const held: (Awaited<ReturnType<typeof read>> | undefined)[] = prefetch ? await Promise.all(paths.map(read)) : []
  const limits = opts.limits ?? DEFAULT_LIMITS
  prefetch?.(held.flatMap((r, i) => (r && 'bytes' in r ? [{ bytes: r.bytes, fileName: basename(paths[i]!), limits }] : [])))
  const bytesOf = async (i: number): Promise<Uint8Array> => {
    const r = held[i] ?? (await read(paths[i]!))
    held[i] = undefined
    if ('error' in r) throw r.error
    return r.bytes
  }
  const report: Report = {
    schemaVersion: 1,
    generatedAt: nowIso(),
    app: { name: 'Cermat', version: opts.appVersion },
    master: null,
    files: [],
    findings: []
  }
  const outDir = resolve(opts.out)
  const write = async () => {
    await fs.mkdir(outDir, { recursive: true })
    // In pieces (reportJson): a 60k month's findings are never one string of the whole file.
    const file = await fs.open(join(outDir, 'report.json'), 'w')
    try {
      for (const piece of reportJson(report)) await file.write(piece)
    } finally {
      await file.close()
    }
  }

  try {
    opts.phase?.('read')
    const imported = await engine.importFile('master', {
      taskId: 'master',
      fileName: basename(opts.master),
      bytes: await bytesOf(0)
    })
    report.master = { file: imported.source.fileName, rows: imported.source.rows, sha256: imported.source.sha256 }
  } catch (err) {
    const e = asError(err)
    Object.assign(report, { fatal: { file: basename(opts.master), ...e } })
    await write()
    opts.log(`Data induk tidak dapat dipakai: ${e.message}`)
    return 2
  }

  // Each file is stored as it is read; the findings of all of them are computed once afterwards.
  const imported: ({ path: string; result: ImportResult } | ReportFile)[] = []
  for (const [n, path] of opts.villages.entries()) {
    opts.progress?.(`Membaca ${basename(path)} …`)
    opts.phase?.('read')
    try {
      // Every file is reported on its own, also two files of one desa.
      const result = await engine.importFile('village', {
        taskId: 'village',
        fileName: basename(path),
        bytes: await bytesOf(n + 1),
        onExisting: 'add',
        matchLater: true
      })
      if (opts.coverage && opts.coverage !== 'auto' && !result.alreadyImported)
        await engine.setCoverage({ sourceId: result.source.id, coverage: opts.coverage })
      imported.push({ path, result })
    } catch (err) {
      imported.push(failedFile(basename(path), asError(err)))
    }
  }
  opts.phase?.('match')
  await engine.matchAll()
  // The coverage of each file is known once its findings are.
  const sources = new Map((await engine.info()).villages.map((s) => [s.id, s]))
  for (const entry of imported) {
    if (!('result' in entry)) {
      report.files.push(entry)
      continue
    }
    const { path, result } = entry
    const file: ReportFile = reportFile(sources.get(result.source.id) ?? result.source)
    if (!result.alreadyImported) file.unrecognised = result.unrecognised ?? []
    if (result.alreadyImported)
      file.error = { code: 'DUPLICATE_FILE', message: `Isi file ini sama dengan ${result.source.fileName}; tidak dihitung dua kali.` }
    report.files.push(result.alreadyImported ? { ...file, file: basename(path) } : file)
  }
  opts.phase?.('report')
  // A page of rows at a time: only the report's lines are kept, not every row view at once.
  await engine.eachRowWithFindings((rows) => {
    for (const f of reportFindings(rows, opts.locale)) report.findings.push(f)
  })
  const summary = await engine.summary()
  await engine.close()
  await write()

  opts.log(summaryText(report, summary, opts.locale))
  for (const line of unrecognisedText(report, opts.locale)) opts.log(line)
  opts.log(`\nLaporan lengkap: ${join(outDir, 'report.json')}`)
  const usable = report.files.filter((f) => f.error === null).length
  if (opts.villages.length > 0 && usable === 0) {
    opts.log('Tidak ada file desa yang dapat dibaca.')
    return 2
  }
  return 0
}

/** "lengkap (96 %)", "perubahan saja (4 %)", "lengkap (ditetapkan)", "tidak diketahui — pilih desa". */
function coverageText(c: FileCoverage | null | undefined): string {
  if (!c) return '-'
  if (c.effective === 'unknown') return 'tidak diketahui — pilih desa'
  const what = c.effective === 'complete' ? 'lengkap' : 'perubahan saja'
  if (c.setting !== 'auto') return `${what} (ditetapkan)`
  return c.share === null ? what : `${what} (${Math.round(c.share * 100)} % data induk)`
}

/** Per file: the evidence its desa came from, strongest first ("judul: DESA TEGALSARI; nama file"). */
function desaEvidenceText(f: ReportFile): string {
  if (f.error) return '-'
  const ev = f.desaEvidence ?? []
  if (ev.length === 0) return 'tidak ada bukti (kolom, judul, kode, nama lembar/file, NIK)'
  const forDesa = ev.filter((e) => e.desa === (f.desa ?? ev[0]!.desa))
  return forDesa.map(evidenceLabel).join('; ')
}

const EVIDENCE_LABEL: Record<ReportDesaEvidence['kind'], string> = {
  column: 'kolom',
  code: 'kode',
  title: 'judul',
  sheet: 'lembar',
  file_name: 'nama file',
  nik_overlap: 'NIK/KK di data induk'
}

function evidenceLabel(e: ReportDesaEvidence): string {
  const what = e.kind === 'file_name' ? '' : ` "${e.value}"`
  return e.share === undefined
    ? `${EVIDENCE_LABEL[e.kind]}${what}`
    : `${EVIDENCE_LABEL[e.kind]} ${e.value} (${Math.round(e.share * 100)} %)`
}

/** The chosen desa's strongest evidence and the strongest for another desa, when they disagree. */
function desaConflict(f: ReportFile): [ReportDesaEvidence, ReportDesaEvidence] | null {
  const ev = f.desaEvidence ?? []
  const best = ev[0]
  const other = best && ev.find((e) => e.desa !== best.desa)
  return best && other ? [best, other] : null
}

function summaryText(report: Report, summary: Summary, locale: Locale): string {
  const lines: string[] = []
  lines.push(`Data induk: ${report.master?.file} (${report.master?.rows} orang)`)
  lines.push('')
  lines.push(
    formatTable(
      ['File desa', 'Desa', 'Bukti desa', 'Baris', 'Judul di baris', 'Cakupan', 'Status'],
      report.files.map((f) => [
        f.file,
        f.desa ?? (f.error ? '-' : 'TIDAK DIKETAHUI'),
        desaEvidenceText(f),
        f.rows ?? '-',
        f.headerRow ?? '-',
        coverageText(f.coverage),
        f.error ? `GAGAL: ${f.error.message}` : 'terbaca'
      ]),
      [false, false, false, true, true, false, false]
    )
  )
  const conflicts = report.files.filter((f) => desaConflict(f))
  for (const f of conflicts) {
    const [best, other] = desaConflict(f)!
    lines.push(
      `Bukti desa tidak sepakat di ${f.file}: dipakai ${best.desa} (${evidenceLabel(best)}), padahal ${evidenceLabel(other)} menunjuk ${other.desa}. Periksa file ini.`
    )
  }
  const counts = new Map<FindingCode, number>()
  for (const f of report.findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1)
  lines.push('')
  lines.push(
    formatTable(
      ['Kode temuan', 'Arti', 'Tingkat', 'Jumlah'],
      [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([code, n]) => [code, t(locale, `code.${code}` as MessageKey), t(locale, `severity.${SEVERITY[code]}` as MessageKey), n]),
      [false, false, false, true]
    )
  )
  lines.push('')
  lines.push(
    formatTable(
      ['Desa', 'Baris desa', 'Galat', 'Peringatan', 'Info'],
      summary.byDesa.map((d) => {
        const bySeverity = { error: 0, warning: 0, info: 0 }
        for (const code of FINDING_CODES) {
          const c = d.byCode[code]
          if (c) bySeverity[SEVERITY[code]] += c.open + c.resolved
        }
        return [d.desa || '(tidak diketahui)', d.rows, bySeverity.error, bySeverity.warning, bySeverity.info]
      }),
      [false, true, true, true, true]
    )
  )
  lines.push('')
  lines.push(`Jumlah temuan: ${report.findings.length}`)
  return lines.join('\n')
}

/** Per file, the columns with data that map to no field, so nothing is left out unseen. */
export function unrecognisedText(report: Report, locale: Locale): string[] {
  const out: string[] = []
  for (const f of report.files) {
    if (!f.unrecognised?.length) continue
    out.push('', `${f.file} — ${t(locale, 'ui.import.unrecognised')}:`)
    for (const u of f.unrecognised)
      out.push(`  - ${t(locale, 'ui.import.unrecognisedLine', { ...u, samples: u.samples.map((s) => `"${s}"`).join(', ') })}`)
  }
  return out
}
