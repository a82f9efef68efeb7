/**
 * The grid's row menu (right-click, Shift+F10, the Menu key): copy, the row's resolutions and its
 * history. An action is offered only when its key would act (the same rule: rowKeyOutcome).
 * ag-grid Community has no context menu, so this is a small ARIA menu of our own.
 */
import type { ResolutionAction } from '@shared/domain/findings'
import type { MessageKey } from '@shared/i18n'
import { type KeyboardEvent, useEffect, useRef } from 'react'

import { useT } from '../../lib/i18n'
import { useAppStore } from '../../store'
import { rowKeyOutcome } from './shortcuts'
import { run } from './useReviewShortcuts'

export interface RowMenuAt {
  x: number
  y: number
  rowId: string
}

const RESOLUTIONS: { action: ResolutionAction; label: MessageKey; testId: string }[] = [
  { action: 'accept_village', label: 'ui.menu.accept', testId: 'menu-accept' },
  { action: 'keep_master', label: 'ui.menu.keep', testId: 'menu-keep' },
  { action: 'exclude_row', label: 'ui.menu.exclude', testId: 'menu-exclude' }
]

export function RowMenu(props: { at: RowMenuAt; copy(what: 'cell' | 'row'): void; onClose(): void }) {
  const { at, copy, onClose } = props
  const t = useT()
  const menu = useRef<HTMLDivElement>(null)
  const state = useAppStore.getState()
  const row = state.rows.get(at.rowId)
  const outcome = (action: ResolutionAction) => rowKeyOutcome({ kind: 'resolve', action }, { ...state, selectedRowId: at.rowId }).effect

  useEffect(() => {
    menu.current?.querySelector<HTMLElement>('[role=menuitem]:not([aria-disabled=true])')?.focus()
    const away = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node)) onClose()
    }
    window.addEventListener('mousedown', away)
    return () => window.removeEventListener('mousedown', away)
  }, [onClose])

  const items: { label: MessageKey; testId: string; enabled: boolean; act(): void }[] = [
    { label: 'ui.menu.copyCell', testId: 'menu-copy-cell', enabled: true, act: () => copy('cell') },
    { label: 'ui.menu.copyRow', testId: 'menu-copy-row', enabled: true, act: () => copy('row') },
    ...RESOLUTIONS.map(({ action, label, testId }) => {
      const effect = outcome(action)
      return { label, testId, enabled: effect !== null, act: () => effect && run(useAppStore.getState(), effect) }
    }),
    {
      label: 'ui.menu.history',
      testId: 'menu-history',
      enabled: row?.kind === 'village',
      act: () => document.querySelector<HTMLElement>('[data-testid=history]')?.scrollIntoView({ block: 'start' })
    }
  ]

  // Arrow keys move between the items, Home/End to the ends, Escape and Tab close the menu.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])]
    const at = all.indexOf(document.activeElement as HTMLElement)
    const to = (i: number) => all[(i + all.length) % all.length]?.focus()
    if (e.key === 'ArrowDown') to(at + 1)
    else if (e.key === 'ArrowUp') to(at - 1)
    else if (e.key === 'Home') to(0)
    else if (e.key === 'End') to(all.length - 1)
    else if (e.key === 'Escape' || e.key === 'Tab') onClose()
    else return
    e.preventDefault()
    e.stopPropagation()
  }

  return (
    <div
      ref={menu}
      role="menu"
      aria-label={t('ui.menu.label')}
      className="row-menu"
      data-testid="row-menu"
      style={{ left: Math.min(at.x, window.innerWidth - 220), top: Math.min(at.y, window.innerHeight - 240) }}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => (
        <button
          key={item.testId}
          type="button"
          role="menuitem"
          tabIndex={-1}
          data-testid={item.testId}
          aria-disabled={!item.enabled}
          onClick={() => {
            if (!item.enabled) return
            onClose()
            item.act()
          }}
        >
          {t(item.label)}
        </button>
      ))}
    </div>
  )
}
