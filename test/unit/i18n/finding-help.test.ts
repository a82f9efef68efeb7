import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { FINDING_CODES, SEVERITY } from '../../../shared/domain/findings'
import { FINDING_HELP } from '../../../shared/i18n/finding-help'

const docs = readFileSync(join(__dirname, '../../../docs/conflicts.md'), 'utf8')
const docRows = new Map(
  docs
    .split('\n')
    .map((l) => /^\| ([A-Z_]+) \| (error|warning|info) \| (.+) \| (.+) \|$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1] as string, { severity: m[2], meaning: m[3], action: m[4] }])
)

describe('finding help', () => {
  it('has a meaning and an action for every finding code in Indonesian and English', () => {
    for (const locale of ['id', 'en'] as const) {
      expect(Object.keys(FINDING_HELP[locale]).sort()).toEqual([...FINDING_CODES].sort())
      for (const code of FINDING_CODES) {
        expect(FINDING_HELP[locale][code].meaning.trim(), `${locale} ${code}`).not.toBe('')
        expect(FINDING_HELP[locale][code].action.trim(), `${locale} ${code}`).not.toBe('')
      }
    }
  })

  it('is the table of docs/conflicts.md: every code, its severity and the same English text', () => {
    expect([...docRows.keys()].sort()).toEqual([...FINDING_CODES].sort())
    for (const code of FINDING_CODES) {
      expect(docRows.get(code), code).toEqual({ severity: SEVERITY[code], ...FINDING_HELP.en[code] })
    }
  })
})
