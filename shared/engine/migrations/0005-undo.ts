import type { Db } from '../db'

/**
 * Undo/redo of the operator's review actions, surviving a restart: each action stores the state
 * of the row (or master person) it changed before and after, as JSON. `undone` entries form the
 * redo stack; a new action clears it.
 */
export function up(db: Db): void {
  db.raw.exec(`
    CREATE TABLE undo_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      by TEXT NOT NULL,
      label TEXT NOT NULL,
      before TEXT NOT NULL,
      after TEXT NOT NULL,
      undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
    ) STRICT;
  `)
}
