/**
 * The app's import queue writes one snapshot at its end, not one per file (the worker's rule,
 * decisions.md): killing the engine process (SIGKILL) half-way through a queue, or inside that
 * last snapshot, must reopen with every file the engine had acknowledged, replayed from the
 * journal and the stored files, never silently lost.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { Engine } from '../../../shared/engine/engine'
import { encryptedDisk } from '../helpers/encrypted'
import { testPorts } from '../helpers/engine'
import { xlsx } from '../helpers/sheets'

const ROOT = resolve(import.meta.dirname, '../../..')
const DESA = ['SUMBERADI', 'TIRTOADI', 'SENDANGADI', 'TLOGOADI', 'SINDUADI', 'TRIHANGGO', 'NOGOTIRTO', 'BANYURADEN']
const PER_DESA = 500
const VILLAGE_ROWS = 250
/** After which acknowledged import (1 = the master, 9 = the last village file) each cycle kills. */
const KILL_AFTER = [2, 5, 9, 3, 7, 9]
const CYCLES = Number(process.env.CERMAT_CRASH_CYCLES ?? KILL_AFTER.length)

/** A master of 8 desa × 500 people and one village file of 250 of them per desa. */
function inputs(dir: string): { master: string; villages: string[] } {
  const header = ['NAMA DESA', 'NIK', 'NAMA', 'JENIS KELAMIN', 'TANGGAL LAHIR', 'ALAMAT']
  const byDesa = DESA.map((desa, d) =>
    Array.from({ length: PER_DESA }, (_, i) => {
      const day = String((i % 28) + 1).padStart(2, '0')
      return [desa, `34040${d + 1}${day}0580${String(i).padStart(4, '0')}`, `ORANG ${d} ${i}`, 'L', `1980-05-${day}`, 'DUSUN KRAJAN']
    })
  )
  const master = join(dir, 'master.xlsx')
  writeFileSync(master, xlsx([header, ...byDesa.flat()]))
  const villages = DESA.map((desa, d) => {
    const path = join(dir, `musdes-${desa.toLowerCase()}-2026-11.xlsx`)
    const rows = byDesa[d]!.slice(0, VILLAGE_ROWS).map((p) => [p[1]!, p[2]!, 'L', 'DUSUN KRAJAN'])
    writeFileSync(path, xlsx([['NIK', 'NAMA', 'JK', 'ALAMAT'], ...rows]))
    return path
  })
  return { master, villages }
}

/** Runs the queue in a child and kills it a few ms after its `killAfter`-th acknowledged import. */
function runAndKill(
  workspace: string,
  files: { master: string; villages: string[] },
  killAfter: number
): Promise<{ acked: string[]; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'test/unit/helpers/crash-queue-child.mjs'),
        join(ROOT, 'out/main/engine-worker.js'),
        workspace,
        files.master,
        ...files.villages
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    const acked: string[] = []
    let output = ''
    let timer: ReturnType<typeof setTimeout> | undefined
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      output += chunk
      for (const line of chunk.split('\n')) {
        const m = /^IMPORTED (\S+)$/.exec(line)
        if (m) {
          acked.push(m[1]!)
          if (acked.length === killAfter) timer = setTimeout(() => child.kill('SIGKILL'), Math.random() * 150)
        }
        if (line.startsWith('OPEN_FAILED')) reject(new Error(line))
      }
    })
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('exit', () => {
      clearTimeout(timer)
      resolvePromise({ acked, output })
    })
  })
}

describe('crash safety of the import queue (one snapshot per queue)', () => {
  // No time limit: each cycle is one bounded queue ended by a kill; load only slows it.
  it(`reopens with every acknowledged file over ${CYCLES} kills`, { timeout: 0 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cermat-crash-queue-'))
    try {
      const files = inputs(dir)
      let replayedImports = 0
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const workspace = join(dir, `ruang-kerja-${cycle}`)
        const { acked, output } = await runAndKill(workspace, files, KILL_AFTER[cycle % KILL_AFTER.length]!)
        expect(acked.length, output.slice(-500)).toBeGreaterThan(0)

        const engine = await Engine.open({ ...(await testPorts()), storage: await encryptedDisk(workspace) })
        const info = await engine.info()
        const present = new Map([info.master, ...info.villages].filter((s) => s !== null).map((s) => [s.fileName, s.rows]))
        for (const name of acked) {
          expect(
            present.has(name),
            `cycle ${cycle}: ${name} was acknowledged but is not in the reopened workspace\n${output.slice(-500)}`
          ).toBe(true)
          expect(present.get(name), `cycle ${cycle}: ${name}`).toBe(name === 'master.xlsx' ? DESA.length * PER_DESA : VILLAGE_ROWS)
        }
        // More than one import replayed: the queue's files were in the journal only, as the rule intends.
        if ((info.recovery?.replayed ?? 0) > 1) replayedImports++
        await engine.close()
      }
      expect(replayedImports).toBeGreaterThan(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
