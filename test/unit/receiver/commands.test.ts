/**
 * The commands as the issue states them, in child processes: `npm run receiver:dev -- --port <p>
 * --enrol <key>` (ready line, SIGTERM stops PostgreSQL too), `cermat send`, `cermat verify --keyring`.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { freePort } from '../../../receiver/dev-postgres'
import { makeOffice } from './helpers/office'

const ROOT = resolve(import.meta.dirname, '../../..')
const tmp = mkdtempSync(join(tmpdir(), 'cermat-commands-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const cermat = (args: string[]) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cermat.js'), ...args], { encoding: 'utf8' })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

const refused = (port: number) =>
  new Promise<boolean>((done) => {
    const s = connect(port, '127.0.0.1')
    s.on('connect', () => (s.destroy(), done(false)))
    s.on('error', () => done(true))
  })

describe('receiver:dev, send and verify --keyring', () => {
  it('runs the whole chain on one machine and stops everything on SIGTERM', async () => {
    const office = makeOffice('Mlati')
    const stranger = makeOffice('Mlati')
    const keyFile = join(tmp, 'mlati.pub')
    writeFileSync(keyFile, `${office.publicKey}\n`)
    const pkg = join(tmp, 'paket-mlati-001.zip')
    writeFileSync(pkg, (await office.next(30)).bytes)
    const strange = join(tmp, 'paket-asing-001.zip')
    writeFileSync(strange, (await stranger.next(5)).bytes)

    const port = await freePort()
    const dev = spawn('npm', ['run', 'receiver:dev', '--', '--port', String(port), '--enrol', keyFile], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    const closed = new Promise<void>((done) => dev.on('close', () => done()))
    dev.stderr.on('data', (d: Buffer) => (out += d.toString()))
    await new Promise<void>((ready, fail) => {
      dev.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        if (out.includes(`ready http://127.0.0.1:${port}`)) ready()
      })
      dev.on('close', () => fail(new Error(`receiver:dev ended before ready:\n${out}`)))
    })
    const pgDir = /\(folder (\S+)\)/.exec(out)?.[1] ?? ''
    const pgPort = Number(/127\.0\.0\.1:(\d+)\/postgres/.exec(out)?.[1])
    expect(existsSync(pgDir)).toBe(true)
    try {
      const sent = cermat(['send', pkg, '--to', `http://127.0.0.1:${port}`, '--chunk-size', '4096'])
      expect(sent.code, sent.err).toBe(0)
      expect(sent.out).toContain(`Tanda terima disimpan: ${join(tmp, 'paket-mlati-001.tanda-terima.json')}`)
      const receipt = join(tmp, 'paket-mlati-001.tanda-terima.json')
      const keyOfDinas = /Kunci tanda terima Dinas: \S+ \((\S+)\)/.exec(out)?.[1] ?? ''
      writeFileSync(join(tmp, 'dinas.pub'), `${keyOfDinas}\n`)
      const checked = cermat(['receipt', receipt, '--package', pkg, '--receiver-key', join(tmp, 'dinas.pub')])
      expect(checked.code, checked.out).toBe(0)
      expect(checked.out).toContain('SAH: tanda terima Dinas Sosial untuk paket ke-1 kecamatan Mlati, 30 perubahan')
      expect(cermat(['receipt', receipt, '--package', strange]).out).toContain('TIDAK SAH: tanda terima ini untuk paket lain')
      writeFileSync(receipt, readFileSync(receipt, 'utf8').replace('30', '31'))
      expect(cermat(['receipt', receipt]).out).toContain('TIDAK SAH')

      const refusedSend = cermat(['send', strange, '--to', `http://127.0.0.1:${port}`])
      expect(refusedSend.code).toBe(1)
      expect(refusedSend.err).toContain(`kunci tidak dikenal ${stranger.keyId}`)
    } finally {
      dev.kill('SIGTERM')
      await closed
    }
    expect(out).toContain('SIGTERM: penerima berhenti')
    expect(existsSync(pgDir)).toBe(false)
    expect(await refused(pgPort)).toBe(true)
    expect(await refused(port)).toBe(true)

    const ring = join(tmp, 'keyring.txt')
    writeFileSync(ring, `# kunci kecamatan\n${office.publicKey} Mlati\n`)
    const ok = cermat(['verify', pkg, '--keyring', ring])
    expect(ok.code, ok.out).toBe(0)
    expect(ok.out).toContain(`Kunci ${office.keyId} (cocok dengan kunci yang dipercaya, terdaftar untuk kecamatan Mlati)`)
    const unknown = cermat(['verify', strange, '--keyring', ring])
    expect(unknown.code).toBe(1)
    expect(unknown.out).toContain(`TIDAK SAH: kunci tidak dikenal ${stranger.keyId}`)
  }, 300_000)
})
