import { describe, expect, it } from 'vitest'

import { csvField } from '../../../shared/engine/import/csv'

describe('text written back out never runs as a formula', () => {
  it.each([
    ['=HYPERLINK("http://x","klik")', `"'=HYPERLINK(""http://x"",""klik"")"`],
    ['+62 812', `"'+62 812"`],
    ['-1+1', `"'-1+1"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=1', `"'\t=1"`]
  ])('%j is neutralised', (value, written) => {
    expect(csvField(value)).toBe(written)
  })

  it.each(['3404061205800001', 'SITI RAHAYU', 'JL. MAWAR 3 = RUMAH', ''])('%j is written as it is', (value) => {
    expect(csvField(value)).toBe(`"${value}"`)
  })
})
