/**
 * Revoking an enrolled kecamatan key on the receiver (real PostgreSQL): a package signed by it is
 * refused with the time of the revocation and nothing of it is stored; the admin commands list
 * and revoke keys; a revoked key cannot be enrolled again.
 */
import { describe, expect, it } from 'vitest'

import { runReceiverCli } from '../../../electron/cli/receiver'
import { enrolKey, listKeys, revokeKey } from '../../../receiver/registry'
import { useDinas } from './helpers/dinas'
import { makeOffice } from './helpers/office'

const { pg, accept, count } = useDinas('revoke')

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await runReceiverCli(
    args,
    (s) => out.push(s),
    (s) => err.push(s)
  )
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('key revocation', () => {
  it('refuses every later package of a revoked key, naming when it was revoked, and stores nothing of it', async () => {
    const office = makeOffice('Minggir')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Minggir' })
    const one = await office.next(6)
    const two = await office.next(6)
    expect(await accept(one.bytes)).toMatchObject({ status: 'accepted' })

    const r = await revokeKey(pg.pool(), office.keyId, { by: 'uji', reason: 'laptop hilang' })
    expect(r).toMatchObject({ status: 'revoked', key: { keyId: office.keyId, kecamatan: 'Minggir' } })
    const revokedAt = r.status === 'revoked' ? r.key.revokedAt : ''
    expect(revokedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d WIB$/)

    const refused = await accept(two.bytes)
    expect(refused).toMatchObject({ status: 'refused', code: 'REVOKED' })
    expect(refused.status === 'accepted' ? '' : refused.reason).toContain(`kunci ${office.keyId} dicabut pada ${revokedAt} (laptop hilang)`)
    expect(await count('packages WHERE sha256 = $1', [two.sha])).toBe(0)
    expect(await count('changes WHERE package_sha256 = $1', [two.sha])).toBe(0)
    expect(await count('quarantine WHERE sha256 = $1', [two.sha])).toBe(0)
    expect(await count('refusals WHERE sha256 = $1 AND code = $2', [two.sha, 'REVOKED'])).toBe(1)
    // What was accepted before the revocation stays, and the same bytes still give their receipt.
    expect(await count('changes WHERE package_sha256 = $1', [one.sha])).toBe(6)
    expect(await accept(one.bytes)).toMatchObject({ status: 'accepted', duplicate: true })

    // Enrolling it again does not bring it back.
    await expect(enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Minggir' })).rejects.toThrow(
      /dicabut pada .* tidak dapat didaftarkan lagi/
    )
    expect((await listKeys(pg.pool())).find((k) => k.keyId === office.keyId)).toMatchObject({
      revokedReason: 'laptop hilang',
      revokedBy: 'uji'
    })
    expect(await accept(two.bytes)).toMatchObject({ status: 'refused', code: 'REVOKED' })
  })

  it('keys and revoke as admin commands, by key id or its first 8 digits', async () => {
    const office = makeOffice('Moyudan')
    const other = makeOffice('Godean')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Moyudan' })
    await enrolKey(pg.pool(), { publicKey: other.publicKey, kecamatan: 'Godean' })
    const db = ['--database', pg.url()]

    const before = await cli(['keys', ...db])
    expect(before.code).toBe(0)
    expect(before.out).toMatch(new RegExp(`${office.keyId}  Moyudan  terdaftar .* berlaku`))

    const revoked = await cli(['revoke', ...db, office.keyId.slice(0, 8), '--reason', 'operator berganti'])
    expect(revoked.code, revoked.err).toBe(0)
    expect(revoked.out).toMatch(new RegExp(`Kunci ${office.keyId} kecamatan Moyudan dicabut pada \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d WIB`))
    expect((await cli(['revoke', ...db, office.keyId])).out).toContain('sudah dicabut pada')

    const after = await cli(['keys', ...db])
    expect(after.out).toMatch(new RegExp(`${office.keyId}  Moyudan  .* DICABUT .* \\(operator berganti\\)`))
    expect(after.out).toMatch(new RegExp(`${other.keyId}  Godean  terdaftar .* berlaku`))
    expect(await accept((await other.next(3)).bytes)).toMatchObject({ status: 'accepted' })
    expect(await accept((await office.next(3)).bytes)).toMatchObject({ status: 'refused', code: 'REVOKED' })

    const unknown = await cli(['revoke', ...db, 'ffffffffffffffff'])
    expect(unknown).toMatchObject({ code: 1, err: expect.stringContaining('tidak terdaftar') })
    expect((await cli(['revoke', ...db])).code).toBe(2)
  })
})
