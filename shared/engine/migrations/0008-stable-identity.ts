import { identities, masterSubject, villageSubject } from '../../domain/identity'
import type { Db } from '../db'
import { fillDecisionIdentity } from '../tables/decisions'

/**
 * Stable identity (docs/decisions.md 30): master people and village rows get their `subject`
 * (NIK, or a content fingerprint without a usable NIK; shared/domain/identity.ts), and each
 * decision what it was made on: its subject, code, field and base (the village and master values
 * it was decided on), and its carry-forward state ('review' | 'orphaned', NULL when standing).
 * A removal of a master person is keyed by the person, no longer by the row id a renewed master
 * gives to someone else: `MISSING_FROM_VILLAGE:m7` becomes `MISSING_FROM_VILLAGE:m/nik=…`, in the
 * findings, the decisions and the undo entries. Existing data is filled from the current rows
 * (village rows from their current values: the values as imported are not kept apart).
 */
export function up(db: Db): void {
  db.raw.exec(`
    ALTER TABLE master_rows ADD COLUMN subject TEXT;
    ALTER TABLE village_rows ADD COLUMN subject TEXT;
    ALTER TABLE decisions ADD COLUMN subject TEXT;
    ALTER TABLE decisions ADD COLUMN code TEXT;
    ALTER TABLE decisions ADD COLUMN field TEXT;
    ALTER TABLE decisions ADD COLUMN base_village TEXT;
    ALTER TABLE decisions ADD COLUMN base_master TEXT;
    ALTER TABLE decisions ADD COLUMN carry TEXT CHECK (carry IN ('review', 'orphaned'));
    ALTER TABLE sources ADD COLUMN carry_forward TEXT;
    CREATE INDEX master_subject ON master_rows(subject);
  `)
  const masterKey = new Map<number, string>()
  for (const sourceId of db.column<number>(`SELECT DISTINCT source_id FROM master_rows`)) {
    const rows = db.all<{ id: number; nik: string; nama: string; tanggal_lahir: string; no_kk: string }>(
      `SELECT * FROM master_rows WHERE source_id = ? ORDER BY id`,
      [sourceId]
    )
    const ids = identities(rows)
    db.runMany(
      `UPDATE master_rows SET subject = ? WHERE id = ?`,
      rows.map((r, i) => [masterSubject(ids[i]!), r.id])
    )
    rows.forEach((r, i) => masterKey.set(r.id, masterSubject(ids[i]!)))
  }
  for (const s of db.all<{ id: number; desa_key: string }>(`SELECT id, desa_key FROM sources WHERE kind = 'village'`)) {
    const rows = db.all<{ id: number; nik: string; nama: string; tanggal_lahir: string; no_kk: string; nik_origin: string }>(
      `SELECT * FROM village_rows WHERE source_id = ? ORDER BY id`,
      [s.id]
    )
    const ids = identities(rows)
    db.runMany(
      `UPDATE village_rows SET subject = ? WHERE id = ?`,
      rows.map((r, i) => [villageSubject(s.desa_key, ids[i]!), r.id])
    )
  }
  // A master person's findings and decisions are keyed by the person from now on.
  const rekey = (key: string) => {
    const m = /^MISSING_FROM_VILLAGE:m(\d+)$/.exec(key)
    const subject = m ? masterKey.get(Number(m[1])) : undefined
    return subject ? `MISSING_FROM_VILLAGE:${subject}` : key
  }
  for (const table of [
    ['findings', 'key'],
    ['decisions', 'finding_key']
  ] as const) {
    const keys = db.column<string>(`SELECT ${table[1]} FROM ${table[0]} WHERE ${table[1]} LIKE 'MISSING_FROM_VILLAGE:m%'`)
    db.runMany(
      `UPDATE ${table[0]} SET ${table[1]} = ? WHERE ${table[1]} = ?`,
      keys.map((k) => [rekey(k), k])
    )
  }
  fillDecisionIdentity(db)
  // Undo entries: each snapshot names its person, and a master person's decisions their new key.
  for (const e of db.all<{ id: number; before: string; after: string }>(`SELECT id, before, after FROM undo_log`)) {
    const fix = (text: string) => {
      const parsed = JSON.parse(text) as UndoSnapshotV7 | UndoSnapshotV7[]
      const list = Array.isArray(parsed) ? parsed : [parsed]
      return JSON.stringify(
        list.map((s) => ({
          ...s,
          subject: subjectOfTarget(db, s.target, masterKey),
          decisions: s.decisions.map((d) => ({ ...d, finding_key: rekey(d.finding_key) }))
        }))
      )
    }
    db.run(`UPDATE undo_log SET before = ?, after = ? WHERE id = ?`, [fix(e.before), fix(e.after), e.id])
  }
}

interface UndoSnapshotV7 {
  target: { kind: 'v' | 'm'; id: number }
  decisions: { finding_key: string }[]
}

function subjectOfTarget(db: Db, t: UndoSnapshotV7['target'], masterKey: Map<number, string>): string | null {
  if (t.kind === 'm') return masterKey.get(t.id) ?? null
  return (
    db.column<string>(`SELECT v.subject FROM village_rows v JOIN sources s ON s.id = v.source_id WHERE v.id = ? AND s.active = 1`, [
      t.id
    ])[0] ?? null
  )
}
