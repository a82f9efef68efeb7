/** `cermat check` on an .ods SheetJS comments on: its table has no library console lines. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { afterAll, expect, it } from 'vitest'

import { noisyOds } from '../helpers/noisy-ods'

const ROOT = resolve(import.meta.dirname, '../../..')
const DEMO = join(ROOT, 'resources/demo')
const tmp = mkdtempSync(join(tmpdir(), 'cermat-cli-noise-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

it('prints the findings table without "ODS number format may be incorrect"', () => {
  const ods = join(tmp, 'musdes-sumberadi.ods')
  writeFileSync(ods, noisyOds(new Uint8Array(readFileSync(join(DEMO, 'desa/musdes-sumberadi-2026-11.xlsx')))))
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'bin/cermat.js'), 'check', '--master', join(DEMO, 'master-dtsen.xlsx'), '--out', join(tmp, 'r'), ods],
    {
      encoding: 'utf8',
      env: { ...process.env, CERMAT_HOME: join(tmp, 'home') }
    }
  )
  expect(r.status).toBe(0)
  expect(r.stdout).toContain('Kode temuan')
  expect(r.stdout + r.stderr).not.toMatch(/ODS number format|may be incorrect/)
})
