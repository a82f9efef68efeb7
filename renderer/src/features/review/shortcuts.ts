/**
 * Keyboard shortcuts of the review screen: which key does what, which finding a resolving key
 * acts on, and when keys are left alone (typing in a box, editing a cell).
 */
import type { FindingView, RowView } from '@shared/api/types'
import type { ResolutionAction } from '@shared/domain/findings'
import { isRemovalFinding } from '@shared/domain/removal'
import type { MessageKey } from '@shared/i18n'
import type { GridApi, IRowNode } from 'ag-grid-community'

import type { AppState, Filters } from '../../store'
import { bulkTargets, openFindings } from './row-rules'

/** The resolving keys, one per resolution (lower case: what `event.key` says without Shift). */
export const ACTION_KEYS: Record<ResolutionAction, string> = { accept_village: 'a', keep_master: 'm', exclude_row: 'x' }
export const VERIFY_KEY = 'v'
export const DEACTIVATE_KEY = 'd'
/** Shift + a resolving key or V: the same action on every selected row (a bulk action). */
export const BULK_KEYS: Record<string, 'accept_village' | 'keep_master' | 'verify'> = { a: 'accept_village', m: 'keep_master', v: 'verify' }

/** Every shortcut as the help sheet lists it: key caps (names of keys, not words) and what it does. */
export const SHORTCUTS: { keys: string[]; label: MessageKey }[] = [
  { keys: ['J'], label: 'ui.keys.next' },
  { keys: ['K'], label: 'ui.keys.prev' },
  { keys: ['A'], label: 'ui.keys.accept' },
  { keys: ['M'], label: 'ui.keys.keep' },
  { keys: ['X'], label: 'ui.keys.exclude' },
  { keys: ['V'], label: 'ui.keys.verify' },
  { keys: ['D'], label: 'ui.keys.deactivate' },
  { keys: ['Space'], label: 'ui.keys.select' },
  { keys: ['Ctrl+A'], label: 'ui.keys.selectAll' },
  { keys: ['Shift+A'], label: 'ui.keys.bulkAccept' },
  { keys: ['Shift+M'], label: 'ui.keys.bulkKeep' },
  { keys: ['Shift+V'], label: 'ui.keys.bulkVerify' },
  { keys: ['Enter', 'F2'], label: 'ui.keys.edit' },
  { keys: ['/', 'Ctrl+F'], label: 'ui.keys.search' },
  { keys: ['Ctrl+C'], label: 'ui.keys.copyCell' },
  { keys: ['Ctrl+Shift+C'], label: 'ui.keys.copyRow' },
  { keys: ['Shift+F10', 'Menu'], label: 'ui.keys.menu' },
  { keys: ['Ctrl+Z'], label: 'ui.keys.undo' },
  { keys: ['Ctrl+Y', 'Ctrl+Shift+Z'], label: 'ui.keys.redo' },
  { keys: ['?'], label: 'ui.keys.help' },
  { keys: ['Esc'], label: 'ui.keys.escape' }
]

const ACTION_BY_KEY = new Map(Object.entries(ACTION_KEYS).map(([action, key]) => [key, action as ResolutionAction]))

/** The parts of a key press the review screen reads. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey'>

/** What a key asks for on the review screen, before looking at rows or the grid. */
export type KeyCommand =
  | { kind: 'search' }
  | { kind: 'selectAll' }
  | { kind: 'bulk'; what: (typeof BULK_KEYS)[string] }
  | { kind: 'escape' }
  | { kind: 'help' }
  | { kind: 'move'; direction: 1 | -1 }
  | { kind: 'resolve'; action: ResolutionAction }
  | { kind: 'deactivate' }
  | { kind: 'verify' }

/** The command of a key press, or null for keys this screen leaves alone (Alt and Meta among them). */
export function keyCommand(e: KeyPress): KeyCommand | null {
  if (e.altKey || e.metaKey) return null
  const key = e.key.toLowerCase()
  if (e.ctrlKey) {
    if (e.shiftKey) return null
    return key === 'f' ? { kind: 'search' } : key === 'a' ? { kind: 'selectAll' } : null
  }
  const bulk = e.shiftKey ? BULK_KEYS[key] : undefined
  if (bulk) return { kind: 'bulk', what: bulk }
  const action = ACTION_BY_KEY.get(key)
  if (key === 'escape') return { kind: 'escape' }
  if (key === '?') return { kind: 'help' }
  if (key === '/') return { kind: 'search' }
  if (key === 'j' || key === 'k') return { kind: 'move', direction: key === 'j' ? 1 : -1 }
  if (action) return { kind: 'resolve', action }
  if (key === DEACTIVATE_KEY) return { kind: 'deactivate' }
  if (key === VERIFY_KEY) return { kind: 'verify' }
  return null
}

/** A store action a key leads to. */
export type KeyEffect =
  | { kind: 'resolveMany'; findings: FindingView[]; action: 'accept_village' | 'keep_master' }
  | { kind: 'verifyMany'; rowIds: string[] }
  | { kind: 'resolve'; rowId: string; finding: FindingView; action: ResolutionAction }
  | { kind: 'deactivate'; rowId: string }
  | { kind: 'verify'; rowId: string }

/**
 * What a key acting on rows does with the store as it is: the action to run (none while another
 * runs), and the hint to show (null clears it; absent leaves it as it is).
 */
export function rowKeyOutcome(
  command: Extract<KeyCommand, { kind: 'bulk' | 'resolve' | 'deactivate' | 'verify' }>,
  state: Pick<AppState, 'rows' | 'selection' | 'filters' | 'selectedRowId' | 'busy'>
): { effect: KeyEffect | null; say?: MessageKey | null } {
  const noRow = (ok: boolean, row: RowView | undefined) => (ok ? null : row ? 'ui.keys.notAllowed' : 'ui.keys.noRow')
  if (command.kind === 'bulk') {
    if (state.busy) return { effect: null }
    const plan = selectionPlan(state.rows, state.selection, state.filters)
    if (command.what === 'verify') {
      return plan.verify.length
        ? { effect: { kind: 'verifyMany', rowIds: plan.verify }, say: null }
        : { effect: null, say: 'ui.keys.notAllowed' }
    }
    const findings = plan[command.what]
    if (findings.length) return { effect: { kind: 'resolveMany', findings, action: command.what }, say: null }
    return { effect: null, say: plan.rows.length ? 'ui.keys.notAllowed' : 'ui.keys.noRow' }
  }
  const row = state.selectedRowId ? state.rows.get(state.selectedRowId) : undefined
  if (command.kind === 'resolve') {
    const finding = shortcutTarget(row, command.action)
    const effect = finding && row && !state.busy ? { kind: 'resolve' as const, rowId: row.id, finding, action: command.action } : null
    return { effect, say: noRow(Boolean(finding), row) }
  }
  const allowed = command.kind === 'deactivate' ? canDeactivate(row) : canVerify(row)
  return { effect: allowed && row && !state.busy ? { kind: command.kind, rowId: row.id } : null, say: noRow(allowed, row) }
}

/** Key caps shown on a button (the letter of a resolution, or V). */
export const keyCap = (key: string) => key.toUpperCase()

/** The finding a resolving key acts on: the row's first open finding that allows that action. */
export function shortcutTarget(row: RowView | undefined, action: ResolutionAction): FindingView | undefined {
  return row ? openFindings(row).find((f) => f.allowed.includes(action)) : undefined
}

/**
 * Whether the row can be marked verified (the same rule as the panel's button): not while a
 * reported death or move is open — that removal needs its berita acara first.
 */
export const canVerify = (row: RowView | undefined): row is RowView =>
  row?.kind === 'village' && row.status === 'open' && !openFindings(row).some((f) => isRemovalFinding(f.code, f.params))

/** Whether the row can be removed from the register: a master person missing from the file, or a village row matched to one. */
export const canDeactivate = (row: RowView | undefined): row is RowView =>
  row?.kind === 'master_only' ? row.findings.some((f) => f.status === 'open') : Boolean(row && row.master && row.status !== 'excluded')

/** Focus in a text box, a list, an editor or anything editable: keys belong to it, not to us. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target.closest('input, select, textarea, [contenteditable=""], [contenteditable="true"]')) return true
  return Boolean(target.closest('.ag-cell-inline-editing, .ag-cell-editor, .ag-popup-editor'))
}

/** A key this screen handles itself (so the grid must not start an edit with it). */
export function isShortcutKey(e: KeyboardEvent): boolean {
  if (e.altKey || e.metaKey) return false
  if (e.ctrlKey) return e.key.toLowerCase() === 'f' || e.key.toLowerCase() === 'a'
  const k = e.key.toLowerCase()
  return (
    k === 'j' || k === 'k' || k === VERIFY_KEY || k === DEACTIVATE_KEY || k === '/' || k === '?' || Object.values(ACTION_KEYS).includes(k)
  )
}

export const hasOpenFinding = (row: RowView | undefined) => Boolean(row && openFindings(row).length > 0)

/**
 * The next (or previous) displayed row with an open finding, in the grid's sort and filter order,
 * counting from the selected row (from the top, or the bottom going back, when none is).
 */
export function neighbourWithFinding(api: GridApi<RowView>, direction: 1 | -1): IRowNode<RowView> | undefined {
  const selected = api.getSelectedNodes()[0]
  const from = selected?.displayed && selected.rowIndex !== null ? selected.rowIndex : direction === 1 ? -1 : Number.POSITIVE_INFINITY
  let found: IRowNode<RowView> | undefined
  api.forEachNodeAfterFilterAndSort((node, index) => {
    if (!hasOpenFinding(node.data)) return
    if (direction === 1 && index > from && !found) found = node
    if (direction === -1 && index < from) found = node
  })
  return found
}

/** Selects a row, scrolls it into view and puts the keyboard focus on its first open finding's cell. */
export function goToRow(api: GridApi<RowView>, node: IRowNode<RowView>): void {
  api.ensureNodeVisible(node, 'middle')
  node.setSelected(true, true, 'api')
  if (node.rowIndex === null) return
  const field = node.data ? openFindings(node.data).find((f) => f.field && api.getColumn(f.field))?.field : undefined
  const column = field ?? api.getAllDisplayedColumns()[0]
  if (column) api.setFocusedCell(node.rowIndex, column, node.rowPinned)
}

/**
 * What the bulk keys and the bulk bar would act on for the ticked rows: the findings to accept or
 * keep (within the code and severity filters) and the rows that can be verified.
 */
export function selectionPlan(rowsById: ReadonlyMap<string, RowView>, selection: string[], filters: Pick<Filters, 'code' | 'severity'>) {
  const rows = selection.map((id) => rowsById.get(id)).filter((r): r is RowView => r !== undefined)
  return {
    rows,
    accept_village: bulkTargets(rows, filters, 'accept_village'),
    keep_master: bulkTargets(rows, filters, 'keep_master'),
    verify: rows.filter(canVerify).map((r) => r.id)
  }
}
