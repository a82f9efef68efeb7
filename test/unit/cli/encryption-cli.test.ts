/** The CLI on an encrypted workspace: CERMAT_PASSPHRASE, nothing readable on disk, owner-only modes, migration. */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { NodeStorage } from '../../../electron/engine-host/node-storage'
import { Engine } from '../../../shared/engine/engine'
import { passphraseDisk, TEST_PASSPHRASE } from '../helpers/encrypted'
import { testPorts } from '../helpers/engine'

const ROOT = resolve(import.meta.dirname, '../../..')
const DEMO = join(ROOT, 'resources/demo')
const MASTER = join(DEMO, 'master-dtsen.xlsx')
const villages = readdirSync(join(DEMO, 'desa'))
  .sort()
  .map((f) => join(DEMO, 'desa', f))
const tmp = mkdtempSync(join(tmpdir(), 'cermat-cli-enc-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** A NIK and a name of the demo master (labels.json), to look for in the workspace's bytes. */
const labels = (JSON.parse(readFileSync(join(DEMO, 'labels.json'), 'utf8')) as { labels: { nik: string }[] }).labels
const KNOWN = [labels[0]!.nik, labels[1]!.nik]

function cermat(args: string[], passphrase: string | null) {
  const env: NodeJS.ProcessEnv = { ...process.env, CERMAT_HOME: join(tmp, 'home') }
  if (passphrase === null) delete env.CERMAT_PASSPHRASE
  else env.CERMAT_PASSPHRASE = passphrase
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cermat.js'), ...args], { encoding: 'utf8', env })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).map((e) => join(e.parentPath, e.name))
}

const fingerprint = (dir: string) =>
  walk(dir)
    .sort()
    .map((p) => `${p} ${statSync(p).isFile() ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'dir'}`)

describe('cermat on an encrypted workspace', () => {
  it('import with CERMAT_PASSPHRASE leaves no known NIK in any file, files 0600 and folders 0700', async () => {
    const ws = join(tmp, 'baru')
    const r = cermat(['import', '--workspace', ws, '--master', MASTER, ...villages], TEST_PASSPHRASE)
    expect(r.code, r.out + r.err).toBe(0)
    const paths = walk(ws)
    expect(paths.some((p) => p.includes(`blobs`))).toBe(true)
    for (const p of paths) {
      const st = statSync(p)
      if (st.isFile()) for (const nik of KNOWN) expect(readFileSync(p).toString('latin1').includes(nik), `${p}: ${nik}`).toBe(false)
      if (process.platform !== 'win32') expect(st.mode & 0o777, p).toBe(st.isDirectory() ? 0o700 : 0o600)
    }
    // The data is there for whoever has the passphrase.
    const engine = await Engine.open({ ...(await testPorts()), storage: await passphraseDisk(ws) })
    expect((await engine.info()).master?.rows).toBe(480)
    await engine.close()
  })

  it('a wrong or missing passphrase is refused in Indonesian and nothing is written', () => {
    const ws = join(tmp, 'tolak')
    expect(cermat(['import', '--workspace', ws, '--master', MASTER], TEST_PASSPHRASE).code).toBe(0)
    const before = fingerprint(ws)
    const wrong = cermat(['import', '--workspace', ws, villages[0]!], 'bukan frasa sandinya')
    expect(wrong.code).toBe(1)
    expect(wrong.err).toContain('Frasa sandi ruang kerja')
    expect(wrong.err).toContain('salah')
    const missing = cermat(['import', '--workspace', ws, villages[0]!], null)
    expect(missing.code).toBe(1)
    expect(missing.err).toContain('CERMAT_PASSPHRASE')
    expect(fingerprint(ws)).toEqual(before)
  })

  it('an older clear workspace is encrypted on first open, with its data', async () => {
    const ws = join(tmp, 'lama')
    // Written as Cermat wrote workspaces before encryption at rest.
    const old = await Engine.open({ ...(await testPorts()), storage: new NodeStorage(ws) }, { name: 'lama' })
    await old.importFile('master', { taskId: 'm', fileName: 'master-dtsen.xlsx', bytes: new Uint8Array(readFileSync(MASTER)) })
    await old.close()
    expect(walk(ws).some((p) => statSync(p).isFile() && readFileSync(p).toString('latin1').includes(KNOWN[0]!))).toBe(true)

    const r = cermat(['import', '--workspace', ws, villages[0]!], TEST_PASSPHRASE)
    expect(r.code, r.out + r.err).toBe(0)
    expect(r.err).toMatch(/Ruang kerja dienkripsi: \d+ berkas/)
    for (const p of walk(ws)) if (statSync(p).isFile()) expect(readFileSync(p).toString('latin1').includes(KNOWN[0]!), p).toBe(false)
    const engine = await Engine.open({ ...(await testPorts()), storage: await passphraseDisk(ws) })
    expect((await engine.info()).master?.rows).toBe(480)
    await engine.close()
  })

  it('check on the demo set needs no passphrase: its workspace lives in memory only', () => {
    const r = cermat(['check', '--master', MASTER, '--out', join(tmp, 'laporan'), ...villages], null)
    expect(r.code, r.out + r.err).toBe(0)
  })
})
