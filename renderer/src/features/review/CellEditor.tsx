import type { RowView } from '@shared/api/types'
import { checkEdit } from '@shared/domain/edit'
import type { EditableField } from '@shared/domain/fields'
import type { MessageKey } from '@shared/i18n'
import { type CustomCellEditorProps, useGridCellEditor } from 'ag-grid-react'
import { useEffect, useRef, useState } from 'react'

import { todayIso } from '../../lib/dates'
import { useT } from '../../lib/i18n'

/**
 * The grid's cell editor: the same rules the engine applies (shared/domain/edit.ts) check the value
 * while it is typed; the problem shows under the box. Enter on a refused value does nothing (the
 * editor stays open to fix it, Esc cancels); leaving it some other way keeps the old value.
 */
export function CellEditor(props: CustomCellEditorProps<RowView, string> & { field: EditableField }) {
  const t = useT()
  const { field, onValueChange, eventKey } = props
  // Started by typing a character: that character replaces the value, as in a spreadsheet.
  const [text, setText] = useState(() => (eventKey && eventKey.length === 1 ? eventKey : (props.value ?? '')))
  const input = useRef<HTMLInputElement>(null)
  const check = checkEdit(field, text, todayIso())
  useGridCellEditor({ isCancelAfterEnd: () => !check.ok })
  useEffect(() => {
    onValueChange(text)
    // The first render only: keep what the grid started with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  // Enter on a refused value: stopped at the box, before the grid (listening further up) ends the edit.
  const valid = useRef(check.ok)
  useEffect(() => {
    valid.current = check.ok
  }, [check.ok])
  useEffect(() => {
    const el = input.current
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && !valid.current) {
        e.preventDefault()
        e.stopPropagation()
      }
    }
    el?.addEventListener('keydown', onKey)
    return () => el?.removeEventListener('keydown', onKey)
  }, [])
  useEffect(() => {
    input.current?.focus()
    if (!(eventKey && eventKey.length === 1)) input.current?.select()
  }, [eventKey])
  const problemId = `edit-problem-${props.node.id ?? ''}-${field}`
  return (
    <div className={`cell-editor${check.ok ? '' : ' invalid'}`}>
      <input
        ref={input}
        value={text}
        aria-label={t(`field.${field}` as MessageKey)}
        aria-invalid={!check.ok}
        aria-describedby={problemId}
        data-testid="cell-editor"
        onChange={(e) => {
          setText(e.target.value)
          onValueChange(e.target.value)
        }}
      />
      <div id={problemId} className="cell-editor-note" role={check.ok ? undefined : 'alert'} data-testid="cell-editor-note">
        {check.ok ? t('ui.edit.enterHint') : t(`edit.${check.reason}` as MessageKey)}
      </div>
    </div>
  )
}
