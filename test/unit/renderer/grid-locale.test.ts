import { describe, expect, it } from 'vitest'

import { gridText } from '../../../renderer/src/features/review/grid-locale'

describe('the grid in the app’s language', () => {
  it('speaks Indonesian for its filters and their labels, English in English, and its own default for a key it does not know', () => {
    expect(gridText('id', { key: 'ariaFilterInput', defaultValue: 'Filter Input' })).toBe('Saring')
    expect(gridText('id', { key: 'contains', defaultValue: 'Contains' })).toBe('Memuat')
    expect(gridText('en', { key: 'contains', defaultValue: 'Contains' })).toBe('Contains')
    expect(gridText('id', { key: 'pinColumn', defaultValue: 'Pin Column' })).toBe('Pin Column')
  })
})
