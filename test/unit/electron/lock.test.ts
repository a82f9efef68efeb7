/**
 * The workspace lock under a race of real processes: six children try at the same moment, on a
 * free folder, over a stale lock (dead process), over an empty lock left by a power cut and over
 * a lock from another PC. Exactly one may hold it each time.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { acquireLock, EMPTY_GRACE_MS, STALE_OTHER_HOST_MS } from '../../../electron/engine-host/lock'

const CHILD = resolve(import.meta.dirname, '../helpers/lock-child.mjs')
const RACERS = 6

/** Starts the racers, lets them all try at once, and returns what each said (they keep a held lock until `done`). */
async function race(dir: string): Promise<{ held: number[]; locked: number; errors: string[]; done: () => Promise<void> }> {
  const children: ChildProcess[] = []
  const said: Promise<string>[] = []
  const ready: Promise<void>[] = []
  for (let i = 0; i < RACERS; i++) {
    const child = spawn(process.execPath, ['--no-warnings', CHILD, dir], { stdio: ['pipe', 'pipe', 'inherit'] })
    children.push(child)
    let out = ''
    let onReady: () => void
    let onSaid: (s: string) => void
    ready.push(new Promise((r) => (onReady = r)))
    said.push(new Promise((r) => (onSaid = r)))
    child.stdout!.setEncoding('utf8')
    child.stdout!.on('data', (chunk: string) => {
      out += chunk
      if (out.includes('READY\n')) onReady()
      const answer = /^(HELD \d+|LOCKED|ERROR[\s\S]*)$/m.exec(out.replace('READY\n', ''))
      if (answer) onSaid(answer[1]!)
    })
    child.on('exit', () => {
      onReady()
      onSaid(out.includes('READY\n') ? out.replace('READY\n', '').trim() || 'EXITED' : `EXITED ${out}`)
    })
  }
  await Promise.all(ready)
  for (const child of children) child.stdin!.write('go\n')
  const answers = await Promise.all(said)
  const done = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((r) => {
            if (c.exitCode !== null) return r()
            c.on('exit', () => r())
            c.stdin!.end()
          })
      )
    )
  }
  return {
    held: answers.filter((a) => a.startsWith('HELD')).map((a) => Number(a.slice(5))),
    locked: answers.filter((a) => a === 'LOCKED').length,
    errors: answers.filter((a) => !a.startsWith('HELD') && a !== 'LOCKED'),
    done
  }
}

/** A pid that surely belongs to no running process: one that just ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  return Number(child.stdout)
}

const lockOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'cermat.lock'), 'utf8')) as { pid: number; host: string; at: string; nonce: string }
const old = (ms: number) => new Date(Date.now() - ms - 60_000)

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cermat-lock-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function expectOneWinner(): Promise<void> {
  const result = await race(dir)
  try {
    expect(result.errors).toEqual([])
    expect(result.held).toHaveLength(1)
    expect(result.locked).toBe(RACERS - 1)
    expect(lockOf(dir)).toMatchObject({ pid: result.held[0], host: hostname() })
  } finally {
    await result.done()
  }
  // The winner let go: the lock is gone, and no temp or guard file is left behind.
  expect(readdirSync(dir)).toEqual([])
}

describe('workspace lock (race of real processes)', () => {
  it('on a free folder: exactly one of six holds it', async () => {
    await expectOneWinner()
  })

  it('over a stale lock of a dead process on this PC: exactly one takes it over', async () => {
    writeFileSync(join(dir, 'cermat.lock'), JSON.stringify({ pid: deadPid(), host: hostname(), at: new Date().toISOString(), nonce: 'x' }))
    await expectOneWinner()
  })

  it('over an empty lock left by a power cut: exactly one takes it over once it is old', async () => {
    writeFileSync(join(dir, 'cermat.lock'), '')
    utimesSync(join(dir, 'cermat.lock'), old(EMPTY_GRACE_MS), old(EMPTY_GRACE_MS))
    await expectOneWinner()
  })

  it('over a lock from another PC not refreshed for the documented time: exactly one takes it over', async () => {
    writeFileSync(
      join(dir, 'cermat.lock'),
      JSON.stringify({ pid: 1, host: 'pc-lain', at: old(STALE_OTHER_HOST_MS).toISOString(), nonce: 'y' })
    )
    utimesSync(join(dir, 'cermat.lock'), old(STALE_OTHER_HOST_MS), old(STALE_OTHER_HOST_MS))
    await expectOneWinner()
  })

  it('a live holder, a fresh lock from another PC, or a lock still being written keep everyone out', async () => {
    const release = await acquireLock(dir)
    const mine = readFileSync(join(dir, 'cermat.lock'), 'utf8')
    let result = await race(dir)
    await result.done()
    expect(result).toMatchObject({ held: [], locked: RACERS, errors: [] })
    expect(readFileSync(join(dir, 'cermat.lock'), 'utf8')).toBe(mine)
    await release()
    expect(existsSync(join(dir, 'cermat.lock'))).toBe(false)

    for (const content of [JSON.stringify({ pid: 1, host: 'pc-lain', at: new Date().toISOString(), nonce: 'z' }), '']) {
      writeFileSync(join(dir, 'cermat.lock'), content)
      result = await race(dir)
      await result.done()
      expect(result).toMatchObject({ held: [], locked: RACERS, errors: [] })
      expect(readFileSync(join(dir, 'cermat.lock'), 'utf8')).toBe(content)
    }
  })

  it('release removes only its own lock', async () => {
    const release = await acquireLock(dir)
    writeFileSync(join(dir, 'cermat.lock'), JSON.stringify({ pid: 1, host: 'pc-lain', at: new Date().toISOString(), nonce: 'w' }))
    await release()
    expect(lockOf(dir).host).toBe('pc-lain')
  })
})
