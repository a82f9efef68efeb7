/**
 * The grid's pieces as plain value arrays (packed-rows.ts packs them without a RowView per row):
 * the same rows as viewVillageRows + findingsOfRows + masterValuesWithNiks and missingPeopleRows.
 */
import type { Coercion } from '../../api/types'
import { PERSON_FIELDS } from '../../domain/fields'
import type { Db } from '../db'
import { RESOLVED_SQL } from './decisions'

/** id, source id, file name, row no., status, (unused), master row id | null, then values and master values by PERSON_FIELDS. */
export type PieceVillageRow = [number, number, string, number, string, string | null, number | null, ...(string | null)[]]
export const PIECE_VALUES = 7

/** key, code, severity, field, village, master, params (JSON), action, resolved (0/1). */
export type PieceFinding = [string, string, string, string | null, string | null, string | null, string, string | null, number]

// The row's desa is its file's (else the row's own); a master value equal to the row's comes back as
// NULL (never stored: the columns are NOT NULL), so most of the master person is not read twice.
const VILLAGE_VALUES = PERSON_FIELDS.map((f) => (f === 'desa' ? 'p.row_desa' : `p.${f}`)).join(', ')
const MASTER_VALUES = PERSON_FIELDS.map(
  (f) => `CASE WHEN m.${f} = ${f === 'desa' ? 'p.row_desa' : `p.${f}`} THEN NULL ELSE m.${f} END`
).join(', ')

// Driven by the village row's id (rowid order, stops at the limit; by file first it sorted every later
// row for each piece). The master person of the row's NIK: of the file's desa first, else the first by
// id (views.ts villageViews); `+c.desa_key` keeps the lookup on the NIK index.
const VILLAGE_PIECE = `SELECT p.id, p.source_id, p.file_name, p.row_no, p.status, NULL, m.id, ${VILLAGE_VALUES}, ${MASTER_VALUES}
  FROM (SELECT v.id, v.source_id, s.file_name, v.row_no, v.status, s.desa_key,
          CASE WHEN s.desa != '' THEN s.desa ELSE v.desa END AS row_desa, ${PERSON_FIELDS.map((f) => `v.${f}`).join(', ')}
        FROM village_rows v CROSS JOIN sources s ON s.id = v.source_id
        WHERE v.id > ? AND s.active = 1 AND s.kind = 'village' ORDER BY v.id LIMIT ?) p
  LEFT JOIN master_rows m ON m.id = CASE WHEN p.nik != '' THEN coalesce(
    (SELECT c.id FROM master_rows c WHERE c.nik = p.nik AND +c.desa_key = p.desa_key ORDER BY c.id LIMIT 1),
    (SELECT c.id FROM master_rows c WHERE c.nik = p.nik ORDER BY c.id LIMIT 1)) END
  ORDER BY p.id`

const FINDING = `f.key, f.code, f.severity, f.field, f.village_value, f.master_value, f.params, d.action, ${RESOLVED_SQL}`

/** Village rows of active files after this id, by id. */
export const villagePiece = (db: Db, after: number, limit: number): PieceVillageRow[] =>
  db.arrays<PieceVillageRow>(VILLAGE_PIECE, [after, limit])

/** Findings of village rows with ids in (after, last], each led by its row id. */
export const findingsOfIdRange = (db: Db, after: number, last: number): [number, ...PieceFinding][] =>
  db.arrays(
    `SELECT f.village_row_id, ${FINDING} FROM findings f LEFT JOIN decisions d ON d.finding_key = f.key
     WHERE f.village_row_id > ? AND f.village_row_id <= ?`,
    [after, last]
  )

/**
 * The coercions (Coercion[] each) of the village rows of active files with ids in (after, last], by
 * id: the piece's rows. One JSON text for the piece (~13 MB of coercions at 60,000 rows), parsed
 * once, instead of a string read and a JSON.parse per row.
 */
export const coercionsOfIdRange = (db: Db, after: number, last: number): Coercion[][] =>
  JSON.parse(
    `[${
      db.column<string>(
        `SELECT group_concat(c, ',') FROM (SELECT coalesce(v.coercions, '[]') AS c
         FROM village_rows v CROSS JOIN sources s ON s.id = v.source_id
         WHERE v.id > ? AND v.id <= ? AND s.active = 1 AND s.kind = 'village' ORDER BY v.id)`,
        [after, last]
      )[0] ?? ''
    }]`
  ) as Coercion[][]

/** Master people missing from the files after this master row id, by id: id, values by PERSON_FIELDS, then the finding. */
export const masterOnlyPiece = (db: Db, after: number, limit: number): [number, ...(string | number | null)[]][] =>
  db.arrays(
    `SELECT m.id, ${PERSON_FIELDS.map((f) => `m.${f}`).join(', ')}, ${FINDING}
     FROM master_rows m JOIN findings f ON f.master_row_id = m.id AND f.code = 'MISSING_FROM_VILLAGE'
     LEFT JOIN decisions d ON d.finding_key = f.key
     WHERE m.id > ? ORDER BY m.id LIMIT ?`,
    [after, limit]
  )
