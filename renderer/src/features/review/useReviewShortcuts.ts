import type { RowView } from '@shared/api/types'
import type { MessageKey } from '@shared/i18n'
import type { GridApi } from 'ag-grid-community'
import { useEffect } from 'react'

import { type AppState, useAppStore } from '../../store'
import { goToRow, isTextEntry, keyCommand, type KeyEffect, neighbourWithFinding, rowKeyOutcome } from './shortcuts'

/** Runs the store action a key (or the row menu) leads to. */
export function run(state: AppState, effect: KeyEffect): void {
  if (effect.kind === 'resolveMany') void state.resolveMany(effect.findings, effect.action)
  else if (effect.kind === 'verifyMany') void state.verifyMany(effect.rowIds)
  else if (effect.kind === 'resolve') void state.resolveFinding(effect.rowId, effect.finding, effect.action)
  else if (effect.kind === 'deactivate') state.askDeactivate(effect.rowId)
  else void state.markVerified(effect.rowId)
}

/**
 * The review screen's keys (which key does what: shortcuts.ts). They act only when the focus is
 * not in a text box, a list or a cell editor, and not while a dialog is open (it handles its own keys).
 */
export function useReviewShortcuts(opts: {
  api: () => GridApi<RowView> | null
  search: () => HTMLInputElement | null
  helpOpen: boolean
  toggleHelp(): void
  say(text: MessageKey | null): void
}) {
  const { api, search, helpOpen, toggleHelp, say } = opts
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (helpOpen || e.defaultPrevented) return
      const command = keyCommand(e)
      if (!command || isTextEntry(e.target)) return
      const grid = api()
      if (grid && grid.getEditingCells().length > 0) return
      const state = useAppStore.getState()
      switch (command.kind) {
        case 'search':
          search()?.focus()
          break
        case 'selectAll':
          if (!grid) return
          grid.selectAll('filtered')
          break
        case 'escape':
          // Esc with several rows ticked clears the ticks; otherwise it is left to others.
          if (state.selection.length > 1 && grid) grid.deselectAll()
          return
        case 'help':
          toggleHelp()
          break
        case 'move': {
          if (!grid) return
          const node = neighbourWithFinding(grid, command.direction)
          if (node) goToRow(grid, node)
          say(node ? null : command.direction === 1 ? 'ui.keys.noNext' : 'ui.keys.noPrev')
          break
        }
        default: {
          const { effect, say: hint } = rowKeyOutcome(command, state)
          if (effect) run(state, effect)
          if (hint !== undefined) say(hint)
        }
      }
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [api, search, helpOpen, toggleHelp, say])
}
