/** The `cermat` command run in this process, for CLI tests: its exit code and what it printed. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll } from 'vitest'

import { main } from '../../../electron/cli/index'

export async function cermat(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(
    args,
    (s) => out.push(s),
    (s) => err.push(s)
  )
  return { code, out: out.join('\n'), err: err.join('\n') }
}

/**
 * A temporary folder for this test file, removed after it; with `passphrase`, CERMAT_PASSPHRASE and
 * CERMAT_HOME (inside the folder) are set for the file's tests and put back afterwards.
 */
export function useCliFolder(name: string, passphrase?: string): string {
  const tmp = mkdtempSync(join(tmpdir(), `cermat-${name}-`))
  const saved = { CERMAT_PASSPHRASE: process.env.CERMAT_PASSPHRASE, CERMAT_HOME: process.env.CERMAT_HOME }
  beforeAll(() => {
    if (passphrase === undefined) return
    process.env.CERMAT_PASSPHRASE = passphrase
    process.env.CERMAT_HOME = join(tmp, 'home')
  })
  afterAll(() => {
    if (passphrase !== undefined)
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    rmSync(tmp, { recursive: true, force: true })
  })
  return tmp
}
