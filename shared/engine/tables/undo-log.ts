/** `undo_log`: review actions with their rows' state before and after; `undone` entries are the redo stack. */
import type { Db } from '../db'
import { sql } from './sql'

export interface UndoEntry {
  id: number
  /** JSON: UndoLabel. */
  label: string
  /** JSON: the snapshots (one, in entries written before bulk actions). */
  before: string
  after: string
}

/** The action undo would revert (the newest not undone) or redo would repeat (the oldest undone). */
export const nextUndoEntry = (db: Db, direction: 'undo' | 'redo'): UndoEntry | undefined =>
  direction === 'undo'
    ? db.get('SELECT id, label, before, after FROM undo_log WHERE undone = 0 ORDER BY id DESC LIMIT 1')
    : db.get('SELECT id, label, before, after FROM undo_log WHERE undone = 1 ORDER BY id ASC LIMIT 1')

/** A new action: the redo stack goes, the action goes on top. */
export function pushUndoEntry(db: Db, e: { at: string; by: string; label: string; before: string; after: string }): void {
  db.run('DELETE FROM undo_log WHERE undone = 1')
  db.run(sql`INSERT INTO undo_log (at, by, label, before, after) VALUES (${e.at}, ${e.by}, ${e.label}, ${e.before}, ${e.after})`)
}

export const setUndone = (db: Db, id: number, undone: boolean): void =>
  db.run(sql`UPDATE undo_log SET undone = ${undone ? 1 : 0} WHERE id = ${id}`)
