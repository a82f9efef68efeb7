/** Applying an import: parse the stored file, replace or add its rows, recompute findings. */
import type { ImportWarning } from '../../api/types'
import { cermatError } from '../errors'
import { desaKey, extractTable, type ParsedRow } from '../import/extract-table'
import { readWorkbook } from '../import/read-workbook'
import { recomputeSources } from '../match/recompute'
import type { ApplyContext, Command } from './types'
import { audit } from '../audit'

export interface ImportApplied {
  sourceId: number
  warnings: ImportWarning[]
}

const ROW_COLUMNS = ['nik', 'no_kk', 'nama', 'jenis_kelamin', 'tempat_lahir', 'tanggal_lahir', 'shdk', 'alamat', 'rt', 'rw', 'dusun', 'desa', 'keterangan'] as const

export async function applyImport(ctx: ApplyContext, cmd: Extract<Command, { type: 'importSource' }>): Promise<ImportApplied> {
  const { db } = ctx
  ctx.progress('read', 0, 1)
  const bytes = await ctx.readBlob(cmd.sha256)
  await ctx.yieldToHost()
  ctx.checkCancelled()
  ctx.progress('parse', 0, 1)
  const wb = readWorkbook(bytes, cmd.fileName)
  await ctx.yieldToHost()
  ctx.checkCancelled()
  const table = extractTable(wb, cmd.fileName, { kind: cmd.kind, onRows: (done, total) => ctx.progress('parse', done, total) })
  if (table.rows.length === 0) {
    throw cermatError('NO_DATA_SHEET', { file: cmd.fileName })
  }
  await ctx.yieldToHost()
  ctx.checkCancelled()

  const warnings = [...table.warnings]
  let desa = cmd.desa ?? table.desa
  if (cmd.kind === 'village') {
    const resolved = resolveDesa(ctx, desa, table.desaCandidates, cmd.fileName)
    desa = resolved
    if (!desa) warnings.push({ code: 'DESA_UNKNOWN', message: 'Desa file ini tidak dapat ditentukan (tidak ada kolom DESA, judul, atau nama file yang cocok dengan data induk).' })
  } else {
    if (!table.mappedFields.includes('desa')) warnings.push({ code: 'MASTER_NO_DESA', message: 'Data induk tidak punya kolom NAMA DESA; orang yang tidak ada di file desa tidak dapat dicari.' })
    const previous = db.column<number>(`SELECT id FROM sources WHERE kind = 'master' AND active = 1`)
    for (const id of previous) {
      db.run('DELETE FROM master_rows WHERE source_id = ?', [id])
      db.run('UPDATE sources SET active = 0 WHERE id = ?', [id])
    }
  }

  db.run(
    `INSERT INTO sources (kind, file_name, sha256, format, sheet, header_row, row_count, desa, desa_key, mapping, warnings, imported_at, imported_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [cmd.kind, cmd.fileName, cmd.sha256, wb.format, table.sheet, table.headerRow, table.rows.length, desa, desaKey(desa), JSON.stringify(table.mapping), JSON.stringify(warnings), ctx.at, ctx.by]
  )
  const sourceId = Number(db.column('SELECT last_insert_rowid()')[0])

  ctx.progress('store', 0, table.rows.length)
  if (cmd.kind === 'master') {
    insertMasterRows(ctx, sourceId, table.rows, desa)
    db.raw.exec(`
      DELETE FROM master_desa_list;
      INSERT INTO master_desa_list (desa_key, desa, people)
        SELECT desa_key, MIN(desa), COUNT(*) FROM master_rows WHERE desa_key != '' GROUP BY desa_key;
    `)
  } else insertVillageRows(ctx, sourceId, table.rows)
  ctx.progress('store', table.rows.length, table.rows.length)
  await ctx.yieldToHost()
  ctx.checkCancelled()

  ctx.progress('match', 0, 1)
  recomputeSources(db, cmd.kind === 'master' ? 'all' : [sourceId], ctx.todayIso)
  ctx.progress('match', 1, 1)
  audit(ctx, {
    action: cmd.kind === 'master' ? 'import_master' : 'import_village',
    detail: JSON.stringify({ file: cmd.fileName, sha256: cmd.sha256, rows: table.rows.length, desa })
  })
  return { sourceId, warnings }
}

function insertMasterRows(ctx: ApplyContext, sourceId: number, rows: ParsedRow[], fileDesa: string): void {
  ctx.db.runMany(
    `INSERT INTO master_rows (source_id, row_no, ${ROW_COLUMNS.join(', ')}, desa_key) VALUES (?, ?, ${ROW_COLUMNS.map(() => '?').join(', ')}, ?)`,
    rows.map((r) => {
      const desa = r.values.desa || fileDesa
      return [sourceId, r.rowNo, ...ROW_COLUMNS.map((c) => (c === 'desa' ? desa : r.values[c])), desaKey(desa)]
    })
  )
}

function insertVillageRows(ctx: ApplyContext, sourceId: number, rows: ParsedRow[]): void {
  ctx.db.runMany(
    `INSERT INTO village_rows (source_id, row_no, ${ROW_COLUMNS.join(', ')}, nik_origin, raw) VALUES (?, ?, ${ROW_COLUMNS.map(() => '?').join(', ')}, ?, ?)`,
    rows.map((r) => [sourceId, r.rowNo, ...ROW_COLUMNS.map((c) => r.values[c]), r.nikOrigin, JSON.stringify(r.raw)])
  )
}

/**
 * The master's spelling of the desa a village file is about: from its desa column, else a title
 * row naming a master desa, else a master desa name in the file name ("musdes-sumberadi.xlsx"),
 * else the first title-row candidate as written.
 */
function resolveDesa(ctx: ApplyContext, named: string, candidates: string[], fileName: string): string {
  const known = ctx.db.all<{ desa: string; desa_key: string }>(`SELECT desa, desa_key FROM master_desa_list`)
  const inMaster = (name: string) => known.find((k) => k.desa_key === desaKey(name))?.desa
  if (named) return inMaster(named) ?? named
  for (const c of candidates) {
    const hit = inMaster(c)
    if (hit) return hit
  }
  const fileKey = desaKey(fileName.replace(/\.[^.]+$/, ''))
  const hits = known.filter((k) => k.desa_key.length >= 3 && fileKey.includes(k.desa_key))
  hits.sort((a, b) => b.desa_key.length - a.desa_key.length)
  return hits[0]?.desa ?? candidates[0] ?? ''
}
