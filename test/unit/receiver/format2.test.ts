/**
 * The receiver (real PostgreSQL) takes format 1 and format 2 packages alike, stores the same
 * change rows from both, and refuses a format 2 package whose audit entries do not run on from the
 * office's previous package or do not chain to its signed head, storing nothing of it.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'

import { enrolKey } from '../../../receiver/registry'
import { segmentHead } from '../../../shared/engine/package/audit-v2'
import { toBase64 } from '../../../shared/engine/package/base64'
import { buildPackage } from '../../../shared/engine/package/build'
import type { Manifest } from '../../../shared/engine/package/format'
import { officeAudit } from './helpers/audit'
import { useDinas } from './helpers/dinas'
import { makeOffice, sha256, syntheticChanges } from './helpers/office'

const { pg, accept, count } = useDinas('format2')

describe('receiver and package formats', () => {
  it('stores the same rows from a format 1 and a format 2 package, and follows the chain across the formats', async () => {
    const desa = syntheticChanges(40, 3)
    const one = makeOffice('Kalasan')
    const two = makeOffice('Prambanan')
    await enrolKey(pg.pool(), { publicKey: one.publicKey, kecamatan: 'Kalasan' })
    await enrolKey(pg.pool(), { publicKey: two.publicKey, kecamatan: 'Prambanan' })
    const p1 = await one.next(40, { desa, format: 1 })
    const p2 = await two.next(40, { desa, format: 2 })
    expect(await accept(p1.bytes)).toMatchObject({ status: 'accepted' })
    expect(await accept(p2.bytes)).toMatchObject({ status: 'accepted' })
    const rows = async (sha: string) =>
      (
        await pg
          .pool()
          .query<Record<string, unknown>>(
            'SELECT desa, row_no, jenis, nik, no_kk, nama, kolom, nilai_induk, nilai_desa, status, alasan, dasar, nomor_dasar, tanggal_dasar, keputusan, diputuskan_oleh, waktu_keputusan FROM changes WHERE package_sha256 = $1 ORDER BY desa, row_no',
            [sha]
          )
      ).rows
    const stored1 = await rows(p1.sha)
    expect(stored1).toHaveLength(40)
    expect(await rows(p2.sha)).toEqual(stored1)
    // The person's other columns travel only with a new person in format 2.
    const baru = await pg
      .pool()
      .query<{ n: string }>(
        `SELECT count(*) AS n FROM changes WHERE package_sha256 = $1 AND jenis = 'BARU' AND nilai->>'tanggal_lahir' <> ''`,
        [p2.sha]
      )
    expect(Number(baru.rows[0]!.n)).toBe(stored1.filter((r) => r.jenis === 'BARU').length)

    // Format 1 then format 2 from the same office: the audit log runs on from package 1's head.
    const next = await one.next(10, { format: 2 })
    expect(await accept(next.bytes)).toMatchObject({ status: 'accepted' })
  })

  it('refuses a package whose audit log does not run on from the previous package, storing nothing', async () => {
    const office = makeOffice('Berbah')
    await enrolKey(pg.pool(), { publicKey: office.publicKey, kecamatan: 'Berbah' })
    const p1 = await office.next(10)
    expect(await accept(p1.bytes)).toMatchObject({ status: 'accepted' })
    // Package 2 of the same workspace, built over a log rewritten from its start.
    const changes = syntheticChanges(10, 77)
    const audit = officeAudit(
      { count: 0, sha256: '' },
      1,
      '2026-11-02T09:00:00+07:00',
      'operator-uji',
      changes.flatMap((d) => d.rows),
      sha256
    )
    const head = segmentHead(audit)
    const rewritten = await buildPackage(
      {
        createdAt: '2026-11-02T09:15:02+07:00',
        appVersion: '0.0.0-test',
        workspace: { id: office.workspaceId, name: 'Berbah' },
        kecamatan: 'Berbah',
        operator: 'operator-uji',
        seq: 2,
        previousPackageSha256: p1.sha,
        master: null,
        auditHead: { count: head.count, hash: head.sha256 },
        audit,
        desa: changes
      },
      office.signer,
      sha256
    )
    const r = await accept(rewritten.bytes)
    expect(r).toMatchObject({ status: 'refused', code: 'AUDIT_BROKEN' })
    expect(r.status === 'accepted' ? '' : r.reason).toMatch(
      /^rantai audit tidak bersambung: entri audit ke-\d+ di paket ini bukan kepala rantai yang ditandatangani paket ke-1/
    )
    const sha = sha256(rewritten.bytes)
    expect(await count('packages WHERE sha256 = $1', [sha])).toBe(0)
    expect(await count('changes WHERE package_sha256 = $1', [sha])).toBe(0)

    // A package signed over a changed audit entry is refused by the verifier, naming the entry.
    const p2 = await office.next(10)
    const files = unzipSync(p2.bytes)
    const lines = strFromU8(files['audit.csv']!).split('\r\n')
    const cells = lines[4]!.split(',')
    cells[5] = 'LAIN'
    files['audit.csv'] = strToU8(lines.map((l, i) => (i === 4 ? cells.join(',') : l)).join('\r\n'))
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as Manifest
    manifest.files = manifest.files.map((f) => ({ ...f, sha256: sha256(files[f.path]!), bytes: files[f.path]!.length }))
    const manifestBytes = strToU8(JSON.stringify(manifest, null, 2) + '\n')
    const forged = zipSync({
      ...files,
      'manifest.json': manifestBytes,
      'manifest.sig': strToU8(toBase64(await office.signer.sign(manifestBytes)) + '\n')
    })
    const refused = await accept(forged)
    expect(refused).toMatchObject({ status: 'refused', code: 'AUDIT_BROKEN' })
    expect(refused.status === 'accepted' ? '' : refused.reason).toMatch(/^entri audit ke-\d+ \(resolve_accept_village/)
    expect(await count('packages WHERE sha256 = $1', [sha256(forged)])).toBe(0)
    // The real package 2 still goes in.
    expect(await accept(p2.bytes)).toMatchObject({ status: 'accepted' })
  })
})
