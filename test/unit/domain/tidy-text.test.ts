import { describe, expect, it } from 'vitest'

import { squash, tidyText } from '../../../shared/domain/names'

// The full pipelines, as they were before tidy ASCII text took a shorter way: the results must not change.
const fullTidy = (text: string) =>
  text
    .normalize('NFC')
    .replace(/[\t\n\r]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
const fullSquash = (text: string) =>
  text
    .normalize('NFKC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim()

const SAMPLES = [
  '',
  ' ',
  'SITI AMINAH',
  'siti aminah',
  ' Siti Aminah',
  'Siti Aminah ',
  'Siti  Aminah',
  'Siti\tAminah',
  'Siti\nAminah',
  'Siti\u00a0Aminah',
  'Siti\u200bAminah',
  'Dusun I/RT 003',
  "JL. MAWAR No.5, RT.01/RW.02 (dekat masjid) ~'`",
  '3201010101900001',
  'ﬁtri',
  'Ṡiti',
  'Nyoman Ṡ',
  'Ⅻ',
  '\ufeffNAMA',
  'e\u0301',
  'straße',
  '~',
  '!'
]

describe('tidyText and squash on tidy ASCII text', () => {
  it('give what the full normalisation gives, for tidy ASCII cells and for every other kind', () => {
    for (const s of SAMPLES) {
      expect(tidyText(s), JSON.stringify(s)).toBe(fullTidy(s))
      expect(squash(s), JSON.stringify(s)).toBe(fullSquash(s))
    }
    // Every printable ASCII character alone, and between words.
    for (let c = 0; c < 128; c++) {
      const s = `A${String.fromCharCode(c)}b`
      expect(tidyText(s), JSON.stringify(s)).toBe(fullTidy(s))
      expect(squash(s), JSON.stringify(s)).toBe(fullSquash(s))
    }
  })
})
