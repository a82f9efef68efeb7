/**
 * `npm run bench:accuracy`: recall per finding code and false alarms of the matching engine on
 * generated data, several seeds × several village sizes. Each size runs in a fresh process (all
 * its seeds in turn: generate, import the master and every village file into an in-memory
 * engine, report, score — test/fixtures/accuracy.mts); at most --jobs sizes at once.
 * Targets: recall ≥ 0.98 for every injected code, false alarms ≤ 0.2 % of clean village rows;
 * exits 1 naming the failed targets, 0 when all are met.
 *   node out/bench/accuracy.cjs [--seeds 3 | --seeds 11,12,13] [--sizes 150,600,2000] [--desa 5]
 *     [--min-per-kind 3] [--changes-share 0.3] [--options '{"noise":0.3}'] [--jobs 2] [--show 10]
 * --sizes are people per desa; --options: more generator options (JSON), passed through as is.
 * Then the independent corpus (test/fixtures/corpus, evaluate.mts): every file through `cermat
 * check` against its master, scored separately (desa, columns, recall, false alarms); its targets
 * (issue 14) also decide the exit code. --corpus-only skips the generator; --no-corpus the corpus.
 */
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

import {
  codesOf,
  DEFAULT_TARGETS,
  describeFalseAlarm,
  describeMiss,
  falseAlarmRate,
  mergeScores,
  recall,
  runAccuracyScenario,
  type Score,
  targetFailures
} from '../../test/fixtures/accuracy.mts'
import { CORPUS_TARGETS, corpusFailures, evaluateCorpus, formatCorpus } from '../../test/fixtures/corpus/evaluate.mts'
import { arg } from './args'

interface SizeResult {
  peoplePerDesa: number
  seeds: number[]
  score: Score
  masterRows: number
  villageFiles: number
  coverage: Record<string, number>
  labels: number
  generateMs: number
  engineMs: number
  elapsedMs: number
  peakRssMb: number
}

const BASE_SEED = 20261201

/** "3" → three seeds from BASE_SEED; "11,12" → those seeds. */
function seedsOf(value: string): number[] {
  if (value.includes(',')) return value.split(',').map(Number)
  return Array.from({ length: Number(value) }, (_, i) => BASE_SEED + 7919 * i)
}

function generatorOptions(): Record<string, unknown> {
  return {
    desaCount: Number(arg('desa', '5')),
    minPerKind: Number(arg('min-per-kind', '3')),
    // Changes-only village files (VillageFileSpec.coverage); ignored by a generator without it.
    changesShare: Number(arg('changes-share', '0.3')),
    ...(JSON.parse(arg('options', '{}')) as Record<string, unknown>)
  }
}

/** Child: every seed of one size, in this process. */
async function one(peoplePerDesa: number, seeds: number[]): Promise<SizeResult> {
  const t = performance.now()
  const results = []
  for (const seed of seeds)
    results.push(await runAccuracyScenario({ ...generatorOptions(), seed, peoplePerDesa } as Parameters<typeof runAccuracyScenario>[0]))
  const coverage: Record<string, number> = {}
  for (const r of results) for (const [k, n] of Object.entries(r.coverage)) coverage[k] = (coverage[k] ?? 0) + n
  return {
    peoplePerDesa,
    seeds,
    score: mergeScores(results.map((r) => r.score)),
    masterRows: results.reduce((s, r) => s + r.masterRows, 0),
    villageFiles: results.reduce((s, r) => s + r.villageFiles, 0),
    coverage,
    labels: results.reduce((s, r) => s + r.labels, 0),
    generateMs: results.reduce((s, r) => s + r.ms.generate, 0),
    engineMs: results.reduce((s, r) => s + r.ms.engine, 0),
    elapsedMs: Math.round(performance.now() - t),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024)
  }
}

function child(args: string[], what: string): Promise<SizeResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [__filename, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    p.stdout.on('data', (d: Buffer) => (out += d.toString()))
    p.stderr.on('data', (d: Buffer) => (err += d.toString()))
    p.on('close', (code) => {
      if (code !== 0) reject(new Error(`${what}: exit ${code}\n${err}`))
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as SizeResult)
    })
  })
}

const fmtRecall = (s: Score, code: string) => {
  const r = recall(s.codes[code])
  return r === null ? '–' : r.toFixed(3) + (r < DEFAULT_TARGETS.minRecall ? '✗' : '')
}

function table(results: SizeResult[], total: Score): string {
  const groups = [...results.map((r) => ({ name: `${r.peoplePerDesa}/desa`, score: r.score })), { name: 'total', score: total }]
  const head1 = ['', ...groups.flatMap((g) => [g.name, '', ''])]
  head1.push('all findings', '')
  const head2 = ['code', ...groups.flatMap(() => ['expected', 'found', 'recall']), 'raised', 'unexplained']
  const body = codesOf(total).map((code) => [
    code,
    ...groups.flatMap((g) => {
      const c = g.score.codes[code]
      return [String(c?.expected ?? 0), String(c?.found ?? 0), fmtRecall(g.score, code)]
    }),
    String(total.codes[code]?.raised ?? 0),
    String(total.codes[code]?.unexplained ?? 0)
  ])
  const rows = [head1, head2, ...body]
  const widths = head2.map((h, i) => Math.max(h.length, ...rows.map((b) => b[i]!.length)))
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd()
  const fa = (s: Score) =>
    `${s.falseAlarms}/${s.cleanRows} = ${(100 * falseAlarmRate(s)).toFixed(3)}%${falseAlarmRate(s) > DEFAULT_TARGETS.maxFalseAlarmRate ? ' ✗' : ''}`
  const foot = `false alarms / clean rows: ${groups.map((g) => `${g.name} ${fa(g.score)}`).join(';  ')}`
  return [line(head1), line(head2), ...body.map(line), '', foot].join('\n')
}

async function main(): Promise<void> {
  // The children get the seeds as a list (a single seed would read as a count).
  const seeds = process.argv.includes('--seed-list') ? arg('seed-list', '').split(',').map(Number) : seedsOf(arg('seeds', '3'))
  if (process.argv.includes('--one')) {
    process.stdout.write(JSON.stringify(await one(Number(arg('one', '150')), seeds)) + '\n')
    return
  }
  const show = Number(arg('show', '10'))
  if (process.argv.includes('--corpus-only')) return corpus(show)
  const sizes = arg('sizes', '150,600,2000').split(',').map(Number)
  const jobs = Math.max(1, Number(arg('jobs', '2')))
  const passArgs = [
    '--seed-list',
    seeds.join(','),
    '--desa',
    arg('desa', '5'),
    '--min-per-kind',
    arg('min-per-kind', '3'),
    '--changes-share',
    arg('changes-share', '0.3'),
    '--options',
    arg('options', '{}')
  ]

  const t0 = performance.now()
  const results: SizeResult[] = new Array(sizes.length)
  let next = 0
  const worker = async () => {
    while (next < sizes.length) {
      const i = next++
      const size = sizes[i]!
      results[i] = await child(['--one', String(size), ...passArgs], `size ${size}`)
      process.stderr.write(`  ${size} people/desa × ${seeds.length} seeds done (${results[i].elapsedMs} ms)\n`)
    }
  }
  await Promise.all(Array.from({ length: Math.min(jobs, sizes.length) }, worker))
  const elapsed = Math.round(performance.now() - t0)
  const total = mergeScores(results.map((r) => r.score))

  console.log(`Cermat matching accuracy (${new Date().toISOString().slice(0, 10)}, Node ${process.version})`)
  console.log(`seeds ${seeds.join(', ')}; ${JSON.stringify(generatorOptions())}\n`)
  console.log(table(results, total))
  console.log('')
  for (const r of results) {
    const cov = Object.entries(r.coverage)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')
    console.log(
      `${r.peoplePerDesa}/desa: ${r.masterRows} master people, ${r.score.villageRows} village rows in ${r.villageFiles} files (${cov}), ${r.labels} labels, ${r.score.findings} findings; ` +
        `generate ${r.generateMs} ms, engine ${r.engineMs} ms, elapsed ${r.elapsedMs} ms, peak RSS ${r.peakRssMb} MB`
    )
  }
  console.log(`elapsed ${(elapsed / 1000).toFixed(1)} s (${jobs} at once)`)

  const missed = codesOf(total).flatMap((code) => total.codes[code]?.missed.slice(0, show) ?? [])
  if (missed.length > 0)
    console.log(`\nmissed (first ${show} per code):\n  ${missed.map((m) => `${m.code}: ${describeMiss(m)}`).join('\n  ')}`)
  if (total.falseAlarmSamples.length > 0) {
    // A few of each code, from every size.
    const perCode = new Map<string, string[]>()
    for (const r of results) {
      for (const f of r.score.falseAlarmSamples) {
        const list = perCode.get(f.code) ?? []
        if (list.length < show) list.push(describeFalseAlarm(f))
        perCode.set(f.code, list)
      }
    }
    console.log(`\nfalse alarms (up to ${show} per code):\n  ${[...perCode.values()].flat().join('\n  ')}`)
  }

  const failures = targetFailures(total)
  console.log(
    `\ntargets: recall ≥ ${DEFAULT_TARGETS.minRecall} per injected code, false alarms ≤ ${100 * DEFAULT_TARGETS.maxFalseAlarmRate}% of clean rows`
  )
  if (failures.length === 0) console.log('all targets met')
  else {
    console.log(`FAILED (${failures.length}):\n  ${failures.join('\n  ')}`)
    process.exitCode = 1
  }
  if (!process.argv.includes('--no-corpus')) await corpus(show)
}

/** The independent corpus, printed and judged apart from the generated scenarios. */
async function corpus(show: number): Promise<void> {
  // The bundle runs from out/bench.
  const result = await evaluateCorpus(resolve(__dirname, '../../test/fixtures/corpus'))
  console.log(
    `\n\nIndependent corpus (test/fixtures/corpus: ${result.files.length} village files by other programs, each checked alone as \`cermat check\` does)\n`
  )
  console.log(formatCorpus(result, show))
  const corpusFailed = corpusFailures(result)
  console.log(
    `\ncorpus targets: every desa and column right, recall ≥ ${CORPUS_TARGETS.minRecall} per injected code, false alarms ≤ ${100 * CORPUS_TARGETS.maxFalseAlarmRate}% of clean rows`
  )
  if (corpusFailed.length === 0) console.log('all corpus targets met')
  else {
    console.log(`CORPUS FAILED (${corpusFailed.length}):\n  ${corpusFailed.join('\n  ')}`)
    process.exitCode = 1
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 2
})
