/**
 * The Dinas's approver registry (real PostgreSQL): with the kabupaten's rule in the manifest, a
 * package is accepted only when an approval in it is by an enrolled, unrevoked camat/kasi key of
 * its role and kecamatan; an unknown key is refused by its fingerprint with how to enrol it.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { runReceiverCli } from '../../../electron/cli/receiver'
import { verifyEd25519 } from '../../../electron/engine-host/key-store'
import { enrolApprover, listApprovers, revokeApprover } from '../../../receiver/approvers'
import { enrolKey } from '../../../receiver/registry'
import type { ApproverRole } from '../../../shared/engine/package/approval'
import { approvePackage } from '../../../shared/engine/package/approve'
import { useCliFolder } from '../helpers/cli'
import { useDinas } from './helpers/dinas'
import { makeOffice, makeSigner, sha256 } from './helpers/office'

const { pg, accept, count } = useDinas('approvers')
const tmp = useCliFolder('approvers-cli')

async function approve(bytes: Uint8Array, signer: ReturnType<typeof makeSigner>, role: ApproverRole = 'camat') {
  const r = await approvePackage(
    bytes,
    signer,
    { role, name: 'Drs. SUGENG', nip: '196801011990031001', approvedAt: '2026-12-07T08:00:00.000Z' },
    {
      sha256,
      verifyEd25519
    }
  )
  if (!r.ok) throw new Error(r.reason)
  return r.bytes
}

async function enrolledOffice(kecamatan: string) {
  const office = makeOffice(kecamatan)
  await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan })
  return office
}

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

describe('approver registry', () => {
  it('refuses an approval by an unknown key naming its fingerprint and how to enrol it, and accepts it once enrolled', async () => {
    const office = await enrolledOffice('Mlati')
    const camat = makeSigner()
    const p = await office.next(5, { approvalRequired: true })
    expect(await accept(p.bytes)).toMatchObject({ status: 'refused', code: 'APPROVAL_MISSING' })
    const approved = await approve(p.bytes, camat)
    const refused = await accept(approved)
    expect(refused).toMatchObject({ status: 'refused', code: 'APPROVER_UNKNOWN' })
    const reason = refused.status === 'accepted' ? '' : refused.reason
    expect(reason).toContain(`kunci penyetuju tidak dikenal ${camat.keyId}`)
    expect(reason).toContain('cermat receiver approvers enrol <file kunci publik> --role camat --name "Drs. SUGENG" --kecamatan "Mlati"')
    expect(await count('changes WHERE package_sha256 = $1', [p.sha])).toBe(0)

    await enrolApprover(pg.pool(), { publicKey: camat.publicKey, role: 'camat', name: 'Drs. SUGENG', kecamatan: 'MLATI' })
    expect(await accept(approved)).toMatchObject({ status: 'accepted', packageSha256: p.sha })
    expect(await count('changes WHERE package_sha256 = $1', [p.sha])).toBe(5)
  })

  it('does not count an approver of another kecamatan, of another role, or revoked; another valid approval still counts', async () => {
    const office = await enrolledOffice('Gamping')
    const elsewhere = makeSigner()
    const kasi = makeSigner()
    await enrolApprover(pg.pool(), { publicKey: elsewhere.publicKey, role: 'camat', name: 'Camat Depok', kecamatan: 'Depok' })
    await enrolApprover(pg.pool(), { publicKey: kasi.publicKey, role: 'kasi', name: 'Kasi Kesra', kecamatan: 'Gamping' })
    const p = await office.next(4, { approvalRequired: true })
    const other = await accept(await approve(p.bytes, elsewhere))
    expect(other).toMatchObject({ status: 'refused', code: 'APPROVER_REFUSED' })
    expect(other.status === 'accepted' ? '' : other.reason).toContain(
      `kunci ${elsewhere.keyId} terdaftar untuk kecamatan Depok, bukan Gamping`
    )
    const wrongRole = await accept(await approve(p.bytes, kasi, 'camat'))
    expect(wrongRole.status === 'accepted' ? '' : wrongRole.reason).toContain(`terdaftar sebagai kasi (Kasi Kesra), bukan camat`)

    expect(await revokeApprover(pg.pool(), kasi.keyId, { reason: 'pindah tugas' })).toMatchObject({ status: 'revoked' })
    const revoked = await accept(await approve(p.bytes, kasi, 'kasi'))
    expect(revoked.status === 'accepted' ? '' : revoked.reason).toMatch(
      new RegExp(`kunci penyetuju ${kasi.keyId} dicabut pada \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d WIB \\(pindah tugas\\)`)
    )
    await expect(enrolApprover(pg.pool(), { publicKey: kasi.publicKey, role: 'kasi', name: 'Kasi Kesra' })).rejects.toThrow(/dicabut/)

    // Two approvals, the first not counted: the second (enrolled, any kecamatan) carries it.
    const good = makeSigner()
    await enrolApprover(pg.pool(), { publicKey: good.publicKey, role: 'kasi', name: 'Kasi Pemerintahan' })
    expect(await accept(await approve(await approve(p.bytes, elsewhere), good, 'kasi'))).toMatchObject({ status: 'accepted' })
    expect(await count('refusals WHERE sha256 = $1', [p.sha])).toBe(3)
  })

  it('needs no approver without the rule, and an office signing key is never an approver', async () => {
    const office = await enrolledOffice('Seyegan')
    expect(await accept((await office.next(3)).bytes)).toMatchObject({ status: 'accepted' })
    await expect(enrolApprover(pg.pool(), { publicKey: office.publicKey, role: 'camat', name: 'Operator' })).rejects.toThrow(
      /kunci tanda tangan kantor kecamatan Seyegan/
    )
  })

  it('cermat receiver approvers: enrol, list, revoke', async () => {
    const camat = makeSigner()
    const pub = join(tmp, 'camat.pub')
    writeFileSync(pub, `${camat.publicKey}\n`)
    const db = ['--database', pg.url()]
    expect((await cli(['approvers', 'enrol', ...db, pub, '--name', 'Drs. SUGENG'])).code).toBe(2)
    const enrolled = await cli(['approvers', 'enrol', ...db, pub, '--role', 'camat', '--name', 'Drs. SUGENG', '--kecamatan', 'Minggir'])
    expect(enrolled.code, enrolled.err).toBe(0)
    expect(enrolled.out).toContain(`Kunci penyetuju ${camat.keyId} terdaftar: camat Drs. SUGENG, kecamatan Minggir`)
    expect((await cli(['approvers', ...db])).out).toMatch(new RegExp(`${camat.keyId}  camat Drs. SUGENG  Minggir  terdaftar .* berlaku`))
    const revoked = await cli(['approvers', 'revoke', ...db, camat.keyId.slice(0, 8), '--reason', 'purna tugas'])
    expect(revoked.code, revoked.err).toBe(0)
    expect(revoked.out).toContain('persetujuannya tidak dihitung lagi')
    expect((await cli(['approvers', ...db])).out).toMatch(new RegExp(`${camat.keyId}  camat .* DICABUT .* \\(purna tugas\\)`))
    expect((await cli(['approvers', 'revoke', ...db, 'ffffffffffff'])).code).toBe(1)
    expect((await listApprovers(pg.pool())).find((k) => k.keyId === camat.keyId)).toMatchObject({ revokedReason: 'purna tugas' })
  })
})
