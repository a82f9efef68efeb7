/**
 * Accuracy of the matching engine on generated data (the small version of `npm run bench:accuracy`):
 * every injected defect is found (recall per code ≥ 0.98) and almost nothing else is raised
 * (false alarms ≤ 0.2 % of clean village rows). Scoring rules: test/fixtures/accuracy.mts.
 */
import { describe, expect, it } from 'vitest'

import {
  codesOf,
  DEFAULT_TARGETS,
  describeFalseAlarm,
  describeMiss,
  falseAlarmRate,
  formatScore,
  mergeScores,
  recall,
  runAccuracyScenario,
  type Score
} from '../../fixtures/accuracy.mts'
import { LABEL_CODES } from '../../fixtures/generator/index.mts'

/** Small: two seeds, 4 desa of 150 and 300 people, every kind injected at least 3 times, some changes-only files. */
const RUNS = [
  { seed: 7101, desaCount: 4, peoplePerDesa: 150, minPerKind: 3, changesShare: 0.25 },
  { seed: 7102, desaCount: 4, peoplePerDesa: 300, minPerKind: 3, changesShare: 0.25 }
]

describe('matching accuracy on generated villages', () => {
  let score: Score

  it('runs the scenarios', { timeout: 120_000 }, async () => {
    const results = []
    for (const opts of RUNS) results.push(await runAccuracyScenario(opts))
    score = mergeScores(results.map((r) => r.score))
    expect(score.villageRows).toBeGreaterThan(1000)
  })

  it('injects every code the generator knows (else a recall target would pass unseen)', () => {
    expect(LABEL_CODES.filter((code) => !score.codes[code]?.expected)).toEqual([])
  })

  it(`finds every kind of injected defect (recall ≥ ${DEFAULT_TARGETS.minRecall} per code)`, () => {
    const failing = codesOf(score).flatMap((code) => {
      const c = score.codes[code]
      const r = recall(c)
      if (!c || r === null || r >= DEFAULT_TARGETS.minRecall) return []
      return [
        `${code}: ${c.found}/${c.expected} (recall ${r.toFixed(3)}), missed:\n    ${c.missed.slice(0, 8).map(describeMiss).join('\n    ')}`
      ]
    })
    expect(failing, `\n${formatScore(score)}\n\n${failing.join('\n')}`).toEqual([])
  })

  it(`raises almost nothing that no defect explains (≤ ${100 * DEFAULT_TARGETS.maxFalseAlarmRate}% of clean rows)`, () => {
    const rate = falseAlarmRate(score)
    const detail = `${score.falseAlarms} false alarms on ${score.cleanRows} clean rows:\n  ${score.falseAlarmSamples.slice(0, 10).map(describeFalseAlarm).join('\n  ')}`
    expect(rate, detail).toBeLessThanOrEqual(DEFAULT_TARGETS.maxFalseAlarmRate)
  })
})
