/**
 * `npm run bench:faults`: ≥ 1,000 random bit flips and truncations across every stored file of a
 * workspace (snapshots, journals, CURRENT, blobs), and power cuts at random writes, each opened as
 * the app would (test/unit/helpers/faults.ts). Prints cases, detected, recovered, silently
 * changed (must be 0), acknowledged edits lost (reported / not); once in the clear, once encrypted at rest.
 *   node out/bench/faults.cjs [--cases 1000] [--power-cuts 200] [--seed 15]
 */
import { type CaseResult, damageCase, powerCutCase, reference, rng, tally } from '../../test/unit/helpers/faults'
import { arg, ms } from './args'

async function run(encrypted: boolean, cases: number, cuts: number, seed: number): Promise<void> {
  const t0 = performance.now()
  const ref = await reference({ encrypted })
  const random = rng(seed)
  const damage: CaseResult[] = []
  for (let i = 0; i < cases; i++) damage.push(await damageCase(ref, random))
  const damageMs = ms(t0)
  const cutRandom = rng(seed + 1)
  const power: (CaseResult & { acked: number; cutHit: boolean })[] = []
  for (let i = 0; i < cuts; i++) power.push(await powerCutCase(ref, 1 + Math.floor(cutRandom() * 26), cutRandom))

  const d = tally(damage)
  const detected = d.byOutcome.recovered + d.byOutcome.lost_reported + d.byOutcome.refused
  console.log(
    `\nFaults, ${encrypted ? 'ENCRYPTED at rest (AES-256-GCM, as the app stores it)' : 'in the clear'} (seed ${seed}; workspace: master + 1 desa, ${ref.lastSeq} commands, the last ones only in the journal)`
  )
  console.log(`\nDamage: ${d.cases} cases (one bit flip 70 % / one truncation 30 %, in one random file), ${damageMs} ms`)
  console.log(
    `  files hit: ${Object.entries(d.byFile)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`
  )
  console.log(`  detected and said:                         ${detected}`)
  console.log(`    recovered, no acknowledged edit lost:    ${d.byOutcome.recovered}`)
  console.log(`    edits lost (destroyed), and reported:    ${d.byOutcome.lost_reported} cases, ${d.lostReported} edits`)
  console.log(`    refused to open (WORKSPACE_CORRUPT):     ${d.byOutcome.refused}`)
  console.log(`  not needed, opened unchanged and unsaid:   ${d.byOutcome.unaffected}`)
  console.log(`  SILENTLY CHANGED DATA (must be 0):         ${d.byOutcome.changed_silently}`)
  console.log(
    `  acknowledged edits lost without a word:    ${d.byOutcome.lost_silently} cases, ${d.lostSilently} edits (journal cut exactly at a record boundary: ${d.boundaryCuts} cases)`
  )
  console.log(`  crashed with a raw error (must be 0):      ${d.byOutcome.crashed}`)
  const p = tally(power)
  const acked = power.reduce((s, r) => s + r.acked, 0)
  console.log(
    `\nPower cuts: ${p.cases} (a random write of the edits torn, nothing after it), ${power.filter((r) => r.cutHit).length} hit a write`
  )
  console.log(`  acknowledged edits before the cut:         ${acked}`)
  console.log(
    `  opened with every acknowledged edit:       ${p.byOutcome.unaffected + p.byOutcome.recovered} (said something: ${p.byOutcome.recovered})`
  )
  console.log(`  acknowledged edits lost:                   ${p.lostReported + p.lostSilently}`)
  console.log(
    `  silently changed / refused / crashed:      ${p.byOutcome.changed_silently} / ${p.byOutcome.refused} / ${p.byOutcome.crashed}`
  )
  for (const r of [...damage, ...power]
    .filter((x) => x.outcome === 'changed_silently' || x.outcome === 'crashed' || (x.outcome === 'lost_silently' && !x.boundaryCut))
    .slice(0, 10)) {
    console.log(`  ! ${r.outcome} ${r.file} ${r.fault}: ${r.detail.slice(0, 300)}`)
  }
  console.log(`\nTotal ${ms(t0)} ms, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`)
}

async function main(): Promise<void> {
  const cases = Number(arg('cases', '1000'))
  const cuts = Number(arg('power-cuts', '200'))
  const seed = Number(arg('seed', '15'))
  // Both ways: the clear run keeps the figures comparable with earlier ones, the encrypted one is how workspaces are stored.
  await run(false, cases, cuts, seed)
  await run(true, cases, cuts, seed)
}

void main()
