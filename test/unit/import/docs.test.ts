import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { expect, it } from 'vitest'

import { id } from '../../../shared/i18n/id'

it('docs/import.md lists every import warning and value-change code (in both languages)', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../../docs/import.md'), 'utf8')
  const codes = Object.keys(id).filter((k) => k.startsWith('warning.') || k.startsWith('coercion.'))
  expect(codes.length).toBeGreaterThan(20)
  for (const key of codes) expect(doc, key).toContain(`\`${key.slice(key.indexOf('.') + 1)}\``)
  for (const code of [
    'FILE_EMPTY',
    'FILE_UNSUPPORTED',
    'FILE_UNREADABLE',
    'FILE_ENCRYPTED',
    'FILE_TOO_LARGE',
    'FILE_TOO_MANY_ROWS',
    'NO_HEADER_ROW',
    'NIK_COLUMN_MISSING',
    'REPLACE_NEEDS_CONFIRMATION'
  ]) {
    expect(doc).toContain(`\`${code}\``)
  }
})
