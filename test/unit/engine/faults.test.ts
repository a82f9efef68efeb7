/**
 * Damage and power cuts on a workspace (helpers/faults.ts): a small seeded sample, asserting only
 * the invariants. `npm run bench:faults` runs ≥ 1,000 cases and prints the figures.
 */
import { describe, expect, it } from 'vitest'

import { type CaseResult, damageCase, powerCutCase, reference, rng, tally } from '../helpers/faults'

const DAMAGE_CASES = Number(process.env.CERMAT_FAULT_CASES ?? 120)
const POWER_CUTS = Number(process.env.CERMAT_POWER_CUTS ?? 30)
const SEED = Number(process.env.CERMAT_FAULT_SEED ?? 15)
/** The encrypted workspace (as the hosts store it) gets a smaller sample of its own. */
const ENCRYPTED_CASES = Number(process.env.CERMAT_FAULT_CASES_ENCRYPTED ?? 80)

function invariants(results: CaseResult[]): void {
  for (const r of results) {
    const where = `${r.file} ${r.fault}: ${r.detail}`
    expect(r.outcome, where).not.toBe('changed_silently')
    expect(r.outcome, where).not.toBe('crashed')
    // The only loss without a word: a journal cut exactly between records leaves no trace.
    if (r.outcome === 'lost_silently') expect(r.boundaryCut, where).toBe(true)
  }
}

describe('faults: bit flips, truncations and power cuts', () => {
  it(
    `${DAMAGE_CASES} random flips and cuts across every stored file: never changed data, every loss reported`,
    { timeout: 0 },
    async () => {
      const ref = await reference()
      const random = rng(SEED)
      const results: CaseResult[] = []
      for (let i = 0; i < DAMAGE_CASES; i++) results.push(await damageCase(ref, random))
      invariants(results)
      const t = tally(results)
      // Every kind of file was hit, and most damage to a needed file was caught.
      expect(Object.keys(t.byFile).sort()).toEqual(['CURRENT', 'blobs/<sha256>', 'journal-<g>.log', 'snapshot-<g>.sqlite'])
      expect(t.byOutcome.recovered + t.byOutcome.lost_reported).toBeGreaterThan(0)
    }
  )

  it(`${POWER_CUTS} power cuts at random writes: every acknowledged edit kept, the workspace opens`, { timeout: 0 }, async () => {
    const ref = await reference()
    const random = rng(SEED + 1)
    const results = []
    for (let i = 0; i < POWER_CUTS; i++) results.push(await powerCutCase(ref, 1 + Math.floor(random() * 26), random))
    invariants(results)
    for (const r of results) expect(r.outcome, `${r.fault}: ${r.detail}`).toMatch(/^(unaffected|recovered)$/)
    expect(results.some((r) => r.cutHit)).toBe(true)
  })

  it(
    `encrypted at rest: ${ENCRYPTED_CASES} flips and cuts and ${POWER_CUTS / 2} power cuts, the same invariants`,
    { timeout: 0 },
    async () => {
      const ref = await reference({ encrypted: true })
      const random = rng(SEED + 2)
      const results: CaseResult[] = []
      for (let i = 0; i < ENCRYPTED_CASES; i++) results.push(await damageCase(ref, random))
      invariants(results)
      expect(tally(results).byOutcome.recovered + tally(results).byOutcome.lost_reported).toBeGreaterThan(0)
      const cuts = []
      for (let i = 0; i < POWER_CUTS / 2; i++) cuts.push(await powerCutCase(ref, 1 + Math.floor(random() * 26), random))
      invariants(cuts)
      for (const r of cuts) expect(r.outcome, `${r.fault}: ${r.detail}`).toMatch(/^(unaffected|recovered)$/)
    }
  )
})
