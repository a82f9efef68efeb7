/**
 * Killing the engine process (SIGKILL) at random moments, including during snapshot saves, never
 * leaves an unreadable workspace and never loses an acknowledged edit. The child runs the real
 * built worker on a real folder; the workspace snapshots every 3 edits so kills often hit a save.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { Engine } from '../../../shared/engine/engine'
import { encryptedDisk } from '../helpers/encrypted'
import { testPorts } from '../helpers/engine'
import { xlsx } from '../helpers/sheets'

const ROOT = resolve(import.meta.dirname, '../../..')
const CYCLES = Number(process.env.CERMAT_CRASH_CYCLES ?? 24)

/** A master of 20,000 people (a snapshot of a few MB, so saves take long enough to be hit) and a village file of 300. */
function bigInputs(dir: string): { master: string; village: string } {
  const header = ['NAMA DESA', 'NIK', 'NAMA', 'JENIS KELAMIN', 'TANGGAL LAHIR', 'ALAMAT']
  const people: string[][] = []
  for (let i = 1; i <= 20_000; i++) {
    const day = String((i % 28) + 1).padStart(2, '0')
    people.push([
      'SUMBERADI',
      `340405${day}0580${String(i).padStart(4, '0').slice(-4)}`.slice(0, 16),
      `ORANG ${i}`,
      'L',
      `1980-05-${day}`,
      'DUSUN KRAJAN'
    ])
  }
  const unique = [...new Map(people.map((p) => [p[1], p])).values()]
  const master = join(dir, 'master.xlsx')
  const village = join(dir, 'desa.xlsx')
  writeFileSync(master, xlsx([header, ...unique]))
  writeFileSync(village, xlsx([['NIK', 'NAMA', 'JK', 'ALAMAT'], ...unique.slice(0, 300).map((p) => [p[1]!, p[2]!, 'L', 'DUSUN KRAJAN'])]))
  return { master, village }
}

interface Cycle {
  acked: Map<string, number>
  maxSent: number
  output: string
}

/**
 * Kills the child at a random moment (aimed: just after an acknowledgement that is followed by a
 * snapshot, so the kill lands inside the save; otherwise anywhere).
 */
function runAndKill(workspace: string, inputs: { master: string; village: string }, startAt: number, aimAtSave: boolean): Promise<Cycle> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'test/unit/helpers/crash-child.mjs'),
        join(ROOT, 'out/main/engine-worker.js'),
        workspace,
        inputs.master,
        inputs.village,
        String(startAt)
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    const acked = new Map<string, number>()
    let maxSent = startAt
    let output = ''
    let timer: ReturnType<typeof setTimeout> | undefined
    let acks = 0
    // The engine snapshots while handling every 3rd edit: kill a few ms after the ack before one.
    const aimAfter = 2 + 3 * Math.floor(Math.random() * 3)
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      output += chunk
      for (const line of chunk.split('\n')) {
        const m = /^ACK (\d+) (\S+)$/.exec(line)
        if (m) {
          acked.set(m[2]!, Math.max(acked.get(m[2]!) ?? -1, Number(m[1])))
          maxSent = Math.max(maxSent, Number(m[1]) + 1)
          if (aimAtSave && ++acks === aimAfter) timer = setTimeout(() => child.kill('SIGKILL'), 20 + Math.random() * 60)
        }
        if (line.startsWith('READY') && !aimAtSave) timer = setTimeout(() => child.kill('SIGKILL'), 150 + Math.random() * 900)
        if (line.startsWith('OPEN_FAILED')) reject(new Error(line))
      }
    })
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('exit', () => {
      clearTimeout(timer)
      resolvePromise({ acked, maxSent, output })
    })
  })
}

describe('crash safety (kill -9 of the engine process)', () => {
  // No time limit: every cycle ends in a kill, so the work is bounded by CYCLES; load only slows it.
  it(`keeps every acknowledged edit and a readable workspace over ${CYCLES} kills`, { timeout: 0 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cermat-crash-'))
    try {
      const inputs = bigInputs(dir)
      const workspace = join(dir, 'ruang-kerja')
      const lastAcked = new Map<string, number>()
      let next = 0
      let totalAcked = 0
      let killedDuringSave = 0
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const result = await runAndKill(workspace, inputs, next, cycle % 2 === 1)
        for (const [row, n] of result.acked) lastAcked.set(row, Math.max(lastAcked.get(row) ?? -1, n))
        totalAcked += (result.output.match(/^ACK /gm) ?? []).length
        next = result.maxSent + 1
        // A temp file left behind means the kill came in the middle of writing a snapshot.
        if (readdirSync(workspace).some((f) => f.endsWith('.tmp'))) killedDuringSave++

        // Recovery in this process, exactly as the app would open it next.
        const engine = await Engine.open({ ...(await testPorts()), storage: await encryptedDisk(workspace) })
        const rows = new Map((await engine.rows()).map((r) => [r.id, r.values.alamat]))
        for (const [row, n] of lastAcked) {
          const m = /^JALAN (\d+)$/.exec(rows.get(row) ?? '')
          expect(m, `cycle ${cycle}: row ${row} lost its value (${rows.get(row)})\n${result.output.slice(-500)}`).not.toBeNull()
          // The edit in flight when the kill came may or may not have made it; an acknowledged one must have.
          expect(Number(m![1]), `cycle ${cycle}: row ${row}`).toBeGreaterThanOrEqual(n)
        }
        await engine.close()
      }
      expect(totalAcked).toBeGreaterThan(CYCLES)
      console.log(`crash test: ${CYCLES} kills, ${totalAcked} acknowledged edits, ${killedDuringSave} kills during a snapshot write`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
