/**
 * userData/window-state.json: read once at start, replaced atomically on every change (temp file,
 * fsync, rename). Synchronous on purpose: the last write happens while the window closes, when an
 * async write could be cut short by the quit; the file is a few hundred bytes.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

import { DEFAULT_WINDOW_STATE, parseWindowState, serializeWindowState, type WindowState } from './window-state'

export const WINDOW_STATE_FILE = 'window-state.json'

/** A missing, unreadable or damaged file means the defaults (the window simply opens centred). */
export function readWindowState(dir: string): WindowState {
  let text: string
  try {
    text = readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8')
  } catch {
    return { ...DEFAULT_WINDOW_STATE }
  }
  try {
    return parseWindowState(JSON.parse(text))
  } catch {
    return { ...DEFAULT_WINDOW_STATE }
  }
}

export function writeWindowState(dir: string, state: WindowState): void {
  mkdirSync(dir, { recursive: true })
  const target = join(dir, WINDOW_STATE_FILE)
  const temp = `${target}.${process.pid}.tmp`
  try {
    const fd = openSync(temp, 'w')
    try {
      writeSync(fd, serializeWindowState(state))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temp, target)
  } catch (err) {
    rmSync(temp, { force: true })
    throw err
  }
}
