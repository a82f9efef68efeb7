/**
 * How `cermat check` and `cermat import` read files: a pool of parse processes (one per core, at
 * most 4) with a memory cap and a time limit per file, or in this process with
 * `--parse-processes 0` (as before the pool; the benchmark compares the two).
 */
import { availableParallelism } from 'node:os'
import { join } from 'node:path'

import { sha256 } from '../engine-host/node-ports'
import { forkParser } from '../engine-host/parse-fork'
import { DEFAULT_PARSE_LIMITS, ParsePool, poolSize } from '../engine-host/parse-pool'

export interface ParseFlags {
  /** Parse processes; 0 reads in this process. Default: the number of cores (1–4). */
  processes?: number | undefined
  memoryMb?: number | undefined
  timeoutS?: number | undefined
}

/** --parse-processes, --parse-memory-mb, --parse-timeout-s as given, or what is wrong with them. */
export function parseFlags(str: (name: string) => string | undefined): ParseFlags | string {
  const num = (name: string) => (str(name) === undefined ? undefined : Number(str(name)))
  const processes = num('parse-processes')
  const memoryMb = num('parse-memory-mb')
  const timeoutS = num('parse-timeout-s')
  if (processes !== undefined && !(Number.isInteger(processes) && processes >= 0 && processes <= 4))
    return '--parse-processes membutuhkan bilangan bulat 0–4.'
  if (memoryMb !== undefined && !(Number.isInteger(memoryMb) && memoryMb >= 16)) return '--parse-memory-mb membutuhkan bilangan bulat ≥ 16.'
  if (timeoutS !== undefined && !(timeoutS > 0)) return '--parse-timeout-s membutuhkan angka positif (detik).'
  return { processes, memoryMb, timeoutS }
}

/**
 * The pool the flags ask for; undefined reads in this process. `entry`: the built parse process,
 * found beside the bundled CLI (out/main/cli.js → out/main/parse-child.js).
 */
export function cliParsePool(flags: ParseFlags, entry = join(__dirname, 'parse-child.js')): ParsePool | undefined {
  if (flags.processes === 0) return undefined
  return new ParsePool({
    start: forkParser(entry),
    sha256,
    size: flags.processes ?? poolSize(availableParallelism()),
    maxHeapMb: flags.memoryMb ?? DEFAULT_PARSE_LIMITS.maxHeapMb,
    timeoutMs: (flags.timeoutS ?? DEFAULT_PARSE_LIMITS.timeoutMs / 1000) * 1000
  })
}
