/** The reads of the daftar perbaikan: open findings a village can fix, and the people missing from its list. */
import type { Db } from '../db'
import { RESOLVED_SQL } from './decisions'
import type { FindingRow } from './findings'
import type { MasterRow } from './master-rows'
import type { SourceRow } from './sources'
import { raw, sql } from './sql'
import type { VillageRow } from './village-rows'

/**
 * Proposals the kecamatan decides (a new person, a reported status) and missing people (listed
 * apart) are not the village's to fix in its rows.
 */
const NOT_VILLAGE_FIXES = `('NEW_RECORD', 'STATUS_CHANGE', 'MISSING_FROM_VILLAGE')`

export type FixableFinding = Pick<FindingRow, 'code' | 'field' | 'village_value' | 'master_value' | 'params'> &
  Pick<VillageRow, 'row_no' | 'raw'> & { row_id: number; source_id: number } & Pick<SourceRow, 'file_name' | 'sheet' | 'desa' | 'desa_key'>

/** Open findings on the rows still in active village files (of one desa, or all), by file and sheet row. */
export const fixableFindings = (db: Db, desaKey: string | null): FixableFinding[] =>
  db.all(sql`SELECT f.code, f.field, f.village_value, f.master_value, f.params, v.id AS row_id, v.row_no, v.raw,
            s.id AS source_id, s.file_name, s.sheet, s.desa, s.desa_key
     FROM findings f
     JOIN village_rows v ON v.id = f.village_row_id
     JOIN sources s ON s.id = v.source_id
     LEFT JOIN decisions d ON d.finding_key = f.key
     WHERE s.active = 1 AND s.kind = 'village' AND v.status != 'excluded' AND NOT ${raw(RESOLVED_SQL)}
       AND f.code NOT IN ${raw(NOT_VILLAGE_FIXES)} ${desaKey === null ? raw('') : sql`AND s.desa_key = ${desaKey}`}
     ORDER BY s.desa, s.id, v.row_no, f.code, f.field`)

/** The original cells of every row of a file, in row order (its column order is read from them). */
export const rawCellsOfSource = (db: Db, sourceId: number): string[] =>
  db.column<string>(sql`SELECT raw FROM village_rows WHERE source_id = ${sourceId} ORDER BY row_no`)

export type MissingPerson = MasterRow & Pick<FindingRow, 'params'> & { list_desa: string }

/** Master people with an open MISSING_FROM_VILLAGE finding (of one desa, or all), by master row. */
export const openMissingPeople = (db: Db, desaKey: string | null): MissingPerson[] =>
  db.all(sql`SELECT m.*, f.params, COALESCE(l.desa, m.desa) AS list_desa
     FROM findings f JOIN master_rows m ON m.id = f.master_row_id
     LEFT JOIN master_desa_list l ON l.desa_key = m.desa_key
     LEFT JOIN decisions d ON d.finding_key = f.key
     WHERE f.code = 'MISSING_FROM_VILLAGE' AND NOT ${raw(RESOLVED_SQL)} ${desaKey === null ? raw('') : sql`AND f.desa_key = ${desaKey}`}
     ORDER BY m.id`)

/** Every desa the workspace knows: the master's and those of the active village files. */
export const knownDesa = (db: Db): { desa: string; desa_key: string }[] =>
  db.all(`SELECT desa, desa_key FROM master_desa_list
     UNION SELECT desa, desa_key FROM sources WHERE kind = 'village' AND active = 1 AND desa_key != ''
     ORDER BY desa`)
