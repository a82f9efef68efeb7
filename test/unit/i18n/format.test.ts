import { describe, expect, it } from 'vitest'

import { CATALOGS, findingMessage, type MessageKey, t } from '../../../shared/i18n'
import { formatNumber, formatTemplate, pluralCategory } from '../../../shared/i18n/format'

describe('formatNumber', () => {
  it('groups thousands the way each locale writes them', () => {
    expect(formatNumber('id', 60000)).toBe('60.000')
    expect(formatNumber('en', 60000)).toBe('60,000')
    expect(formatNumber('id', 1234567)).toBe('1.234.567')
    expect(formatNumber('en', 999)).toBe('999')
    expect(formatNumber('id', 2.5)).toBe('2,5')
  })
})

describe('pluralCategory', () => {
  it('English has one and other; Indonesian has only other', () => {
    expect(pluralCategory('en', 1)).toBe('one')
    expect(pluralCategory('en', 2)).toBe('other')
    expect(pluralCategory('en', 0)).toBe('other')
    expect(pluralCategory('id', 1)).toBe('other')
    expect(pluralCategory('id', 2)).toBe('other')
  })
})

describe('formatTemplate', () => {
  const findings = '{n, plural, one {# finding} other {# findings}}'

  it('fills plain placeholders as before, leaving unknown ones visible', () => {
    expect(formatTemplate('Baris {row} di {file}', { row: 12345, file: 'a.xlsx' })).toBe('Baris 12345 di a.xlsx')
    expect(formatTemplate('Halo {nama}', {})).toBe('Halo {nama}')
  })

  it('a missing count shows as the bare {name}, which the UI detects as unfilled', () => {
    expect(formatTemplate('{n, plural, one {# row} other {# rows}} and {m, number}', {}, 'en')).toBe('{n} and {m}')
  })

  it('formats {x, number} in the locale', () => {
    expect(formatTemplate('{n, number} orang', { n: 60000 }, 'id')).toBe('60.000 orang')
    expect(formatTemplate('{n, number} people', { n: 60000 }, 'en')).toBe('60,000 people')
    // Counts that arrive as text of digits are counts too; other text is shown as it is.
    expect(formatTemplate('{n, number}', { n: '5000' }, 'en')).toBe('5,000')
    expect(formatTemplate('{n, number}', { n: 'banyak' }, 'en')).toBe('banyak')
  })

  it('picks the plural branch: "1 finding", "2 findings", never "1 findings"', () => {
    expect(formatTemplate(findings, { n: 1 }, 'en')).toBe('1 finding')
    expect(formatTemplate(findings, { n: 2 }, 'en')).toBe('2 findings')
    expect(formatTemplate(findings, { n: 0 }, 'en')).toBe('0 findings')
    expect(formatTemplate(findings, { n: 12000 }, 'en')).toBe('12,000 findings')
    expect(formatTemplate(findings, { n: 1 }, 'id')).toBe('1 findings') // Indonesian: always `other`
  })

  it('an exact =N branch wins over the category', () => {
    const tpl = '{n, plural, =0 {none} one {# row} other {# rows}}'
    expect(formatTemplate(tpl, { n: 0 }, 'en')).toBe('none')
    expect(formatTemplate(tpl, { n: 1 }, 'en')).toBe('1 row')
  })

  it('fills placeholders inside a branch', () => {
    const tpl = '{count, plural, one {# cell in column {column}} other {# cells in column {column}}}: rows {rows}.'
    expect(formatTemplate(tpl, { count: 1, column: 'C', rows: '4' }, 'en')).toBe('1 cell in column C: rows 4.')
    expect(formatTemplate(tpl, { count: 3, column: 'C', rows: '4, 5, 9' }, 'en')).toBe('3 cells in column C: rows 4, 5, 9.')
  })

  it('leaves a malformed placeholder as written instead of guessing', () => {
    expect(formatTemplate('{n, plural, one {# x}}', { n: 1 }, 'en')).toBe('{n, plural, one {# x}}') // no `other`
    expect(formatTemplate('{n, currency}', { n: 1 }, 'en')).toBe('{n, currency}')
    expect(formatTemplate('{n, plural, lots {#} other {#}}', { n: 1 }, 'en')).toBe('{n, plural, lots {#} other {#}}')
    expect(formatTemplate('open { brace', { n: 1 }, 'en')).toBe('open { brace')
  })
})

/** Placeholder names of a template, branches included. */
function names(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\s*(\w+)\s*(?=[,}])/g)].map((m) => m[1] as string))].sort()
}

describe('catalogues', () => {
  const keys = Object.keys(CATALOGS.id) as MessageKey[]

  it('every message parses: filled with numbers, no placeholder is left over', () => {
    for (const locale of ['id', 'en'] as const) {
      for (const key of keys) {
        const template = CATALOGS[locale][key]
        const params = Object.fromEntries(names(template).map((n) => [n, 2]))
        expect(t(locale, key, params), `${locale} ${key}`).not.toMatch(/\{\s*\w+\s*[,}]/)
      }
    }
  })

  it('Indonesian and English use the same placeholders in every message', () => {
    for (const key of keys) expect(names(CATALOGS.en[key]), key).toEqual(names(CATALOGS.id[key]))
  })

  it('counts in the messages are grouped and pluralised', () => {
    expect(t('en', 'ui.bulk.accept', { n: 1 })).toBe('Accept village data: 1 finding')
    expect(t('en', 'ui.bulk.accept', { n: 1500 })).toBe('Accept village data: 1,500 findings')
    expect(t('id', 'ui.bulk.accept', { n: 1500 })).toBe('Terima data desa: 1.500 temuan')
    expect(t('en', 'ui.review.counts', { open: 1, resolved: 2500, rows: 60000 })).toBe('1 open finding · 2,500 resolved · 60,000 rows')
    expect(t('id', 'ui.review.counts', { open: 1, resolved: 2500, rows: 60000 })).toBe(
      '1 temuan belum selesai · 2.500 selesai · 60.000 baris'
    )
    expect(t('en', 'ui.panel.familyOpen', { count: 1 })).toBe('1 open finding')
    expect(t('en', 'ui.import.masterDone', { file: 'induk.xlsx', rows: 60000, desa: 1 })).toBe(
      'Master data induk.xlsx: 60,000 people of 1 village loaded.'
    )
  })

  it('finding messages get counts formatted too', () => {
    const f = { code: 'KK_NO_HEAD' as const, field: null, village: null, master: null, params: { kk: '3404010101010001', members: '1' } }
    expect(findingMessage('en', f)).toBe('KK 3404010101010001 (1 person in this file) has no head of family.')
    expect(findingMessage('id', { ...f, params: { ...f.params, members: '1200' } })).toBe(
      'KK 3404010101010001 (1.200 orang di file ini) tidak punya kepala keluarga.'
    )
  })
})
