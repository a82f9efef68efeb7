/**
 * `cermat receiver drop`: a package that came on a USB stick is accepted exactly as an upload
 * (same checks, chain and idempotence) and its signed receipt is written to a file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { runReceiverCli } from '../../../electron/cli/receiver'
import { verifyEd25519 } from '../../../electron/engine-host/key-store'
import { enrolKey } from '../../../receiver/registry'
import { checkReceipt } from '../../../shared/delivery/receipt'
import { makeOffice, sha256 } from './helpers/office'
import { usePostgres } from './helpers/postgres'

const pg = usePostgres()
const tmp = mkdtempSync(join(tmpdir(), 'cermat-drop-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

async function drop(pkg: string, out: string) {
  const lines: string[] = []
  const code = await runReceiverCli(
    ['drop', '--database', pg.url(), '--data', join(tmp, 'data'), '--out', out, '--name', 'Dinas Sosial Sleman', pkg],
    (s) => lines.push(s),
    (s) => lines.push(s)
  )
  return { code, text: lines.join('\n') }
}

const count = async (sql: string, params: unknown[]) =>
  (await pg.pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n

describe('cermat receiver drop', () => {
  it('accepts a package file as an upload would, writes the signed receipt, and gives the same receipt twice', async () => {
    const office = makeOffice('Mlati')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Mlati' })
    const p = await office.next(12)
    const pkg = join(tmp, 'paket-mlati-001.zip')
    writeFileSync(pkg, p.bytes)
    const first = await drop(pkg, join(tmp, 'satu.json'))
    expect(first.code, first.text).toBe(0)
    expect(first.text).toContain(`Tanda terima disimpan: ${join(tmp, 'satu.json')}`)
    const signed = JSON.parse(readFileSync(join(tmp, 'satu.json'), 'utf8')) as unknown
    expect(checkReceipt(signed, { sha256, verifyEd25519 }, { packageSha256: p.sha })).toMatchObject({
      valid: true,
      receipt: { kecamatan: 'Mlati', seq: 1, changes: 12, receiver: { name: 'Dinas Sosial Sleman' } }
    })
    const again = await drop(pkg, join(tmp, 'dua.json'))
    expect(again.code).toBe(0)
    expect(again.text).toContain('Sudah diterima sebelumnya')
    expect(readFileSync(join(tmp, 'dua.json'), 'utf8')).toBe(readFileSync(join(tmp, 'satu.json'), 'utf8'))
    expect(await count('changes WHERE package_sha256 = $1', [p.sha])).toBe(12)
  })

  it('quarantines an unknown key and refuses a gap, writing no receipt', async () => {
    const stranger = makeOffice('Depok')
    const pkg = join(tmp, 'paket-asing.zip')
    writeFileSync(pkg, (await stranger.next(3)).bytes)
    const q = await drop(pkg, join(tmp, 'asing.json'))
    expect(q.code).toBe(1)
    expect(q.text).toContain(`DIKARANTINA: kunci tidak dikenal ${stranger.keyId}`)
    expect(() => readFileSync(join(tmp, 'asing.json'))).toThrow()

    const office = makeOffice('Gamping')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Gamping' })
    await office.next(2)
    const second = join(tmp, 'paket-gamping-002.zip')
    writeFileSync(second, (await office.next(2)).bytes)
    const gap = await drop(second, join(tmp, 'gamping.json'))
    expect(gap.code).toBe(1)
    expect(gap.text).toMatch(/DITOLAK: ada paket yang belum diterima/)
  })
})
