/** Key trust in verification (issue 15 part 1): who signed, pinned keys, the chain, inflation cap. */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'

import { verifyEd25519 } from '../../../electron/engine-host/key-store'
import { toBase64 } from '../../../shared/engine/package/base64'
import { checkChain, parseKeyring } from '../../../shared/engine/package/trust'
import { MAX_INFLATED_BYTES, verifyPackage } from '../../../shared/engine/package/verify'
import { makeOffice, makeSigner, sha256 } from './helpers/office'

const deps = { sha256, verifyEd25519 }

/** The package's manifest changed by `edit`, re-signed by `signer` (what a forger with their own key does). */
async function resigned(
  bytes: Uint8Array,
  signer: ReturnType<typeof makeSigner>,
  edit: (m: Record<string, unknown>) => void
): Promise<Uint8Array> {
  const files = unzipSync(bytes)
  const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as Record<string, unknown>
  edit(manifest)
  const manifestBytes = strToU8(JSON.stringify(manifest, null, 2) + '\n')
  const sig = await signer.sign(manifestBytes)
  return zipSync({ ...files, 'manifest.json': manifestBytes, 'manifest.sig': strToU8(toBase64(sig) + '\n') })
}

describe('key trust', () => {
  it('refuses a package re-signed with another key that claims the office key id', async () => {
    const office = makeOffice('Mlati')
    const { bytes } = await office.next(5)
    const forger = makeSigner()
    const forged = await resigned(bytes, forger, (m) => {
      m.signer = { ...(m.signer as object), publicKey: forger.publicKey, keyId: office.keyId }
    })
    const r = verifyPackage(forged, deps)
    expect(r).toMatchObject({ valid: false, code: 'FORGED', keyId: forger.keyId })
    expect(r.valid ? '' : r.reason).toContain(office.keyId)
    // Even claiming its own id honestly, the forger's key is unknown to a keyring of the office.
    const honest = await resigned(bytes, forger, (m) => {
      m.signer = { ...(m.signer as object), publicKey: forger.publicKey, keyId: forger.keyId }
    })
    expect(verifyPackage(honest, deps)).toMatchObject({ valid: true, trusted: false, keyId: forger.keyId })
    const pinned = verifyPackage(honest, { ...deps, trustedKeys: [{ publicKey: office.publicKey, kecamatan: 'Mlati' }] })
    expect(pinned).toMatchObject({ valid: false, code: 'UNKNOWN_KEY', keyId: forger.keyId })
    expect(pinned.valid ? '' : pinned.reason).toMatch(new RegExp(`^kunci tidak dikenal ${forger.keyId}.*cermat receiver enrol`))
  })

  it('trusts a pinned key only for its kecamatan, and reports the key id computed from the key', async () => {
    const office = makeOffice('Mlati')
    const { bytes } = await office.next(3)
    expect(verifyPackage(bytes, { ...deps, trustedKeys: [{ publicKey: office.publicKey, kecamatan: 'MLATI' }] })).toMatchObject({
      valid: true,
      trusted: true,
      keyId: office.keyId
    })
    expect(verifyPackage(bytes, { ...deps, trustedKeys: [{ publicKey: office.publicKey, kecamatan: 'Gamping' }] })).toMatchObject({
      valid: false,
      code: 'WRONG_KECAMATAN'
    })
  })

  it('reads keyrings as JSON or as lines, and refuses a line that is not a key', () => {
    const a = makeSigner()
    const b = makeSigner()
    expect(parseKeyring(JSON.stringify({ keys: [{ publicKey: a.publicKey, kecamatan: 'Mlati' }] }))).toEqual([
      { publicKey: a.publicKey, kecamatan: 'Mlati', label: null }
    ])
    expect(parseKeyring(`# Dinas Sosial Sleman\n${a.publicKey} Mlati\n\n${b.publicKey}   Sumber Adi # kantor baru\n`)).toEqual([
      { publicKey: a.publicKey, kecamatan: 'Mlati', label: null },
      { publicKey: b.publicKey, kecamatan: 'Sumber Adi', label: null }
    ])
    expect(() => parseKeyring('bukan-kunci Mlati')).toThrow(/baris 1/)
  })
})

describe('package chain', () => {
  const head = { seq: 3, sha256: 'c'.repeat(64) }
  it('takes the next package that names the head as previous, and a first package with none', () => {
    expect(checkChain(head, { seq: 4, previousPackageSha256: head.sha256 })).toEqual({ ok: true })
    expect(checkChain(null, { seq: 1, previousPackageSha256: null })).toEqual({ ok: true })
  })
  it('names a replay, a gap and a package out of order', () => {
    expect(checkChain(head, { seq: 2, previousPackageSha256: 'b'.repeat(64) })).toMatchObject({
      ok: false,
      code: 'REPLAY',
      reason: expect.stringContaining('paket ulangan')
    })
    expect(checkChain(head, { seq: 3, previousPackageSha256: 'b'.repeat(64) })).toMatchObject({ ok: false, code: 'REPLAY' })
    expect(checkChain(head, { seq: 6, previousPackageSha256: 'e'.repeat(64) })).toMatchObject({
      ok: false,
      code: 'GAP',
      reason: expect.stringContaining('ke-4')
    })
    expect(checkChain(null, { seq: 2, previousPackageSha256: 'a'.repeat(64) })).toMatchObject({ ok: false, code: 'GAP' })
    expect(checkChain(head, { seq: 4, previousPackageSha256: 'f'.repeat(64) })).toMatchObject({
      ok: false,
      code: 'OUT_OF_ORDER',
      reason: expect.stringContaining('rantai')
    })
    expect(checkChain(null, { seq: 1, previousPackageSha256: 'f'.repeat(64) })).toMatchObject({ ok: false, code: 'OUT_OF_ORDER' })
  })
})

describe('inflation cap', () => {
  it('refuses an entry that would inflate past the budget before inflating it', async () => {
    const office = makeOffice('Mlati')
    const { bytes } = await office.next(3)
    const files = unzipSync(bytes)
    // A real bomb: 1 byte over the budget of zeros, a few hundred KB compressed.
    const bomb = zipSync({ ...files, 'perubahan/bom.csv': new Uint8Array(MAX_INFLATED_BYTES + 1) }, { level: 1 })
    expect(bomb.length).toBeLessThan(MAX_INFLATED_BYTES / 100)
    expect(verifyPackage(bomb, deps)).toMatchObject({
      valid: false,
      code: 'TOO_LARGE',
      reason: expect.stringContaining('perubahan/bom.csv')
    })
  })

  it('refuses an entry whose declared size lies (it cannot grow past what it declared)', async () => {
    const office = makeOffice('Mlati')
    const { bytes } = await office.next(3)
    const files = unzipSync(bytes)
    const name = Object.keys(files).find((n) => n.startsWith('perubahan'))!
    const zip = zipSync({ [name]: files[name]!, 'manifest.json': files['manifest.json']!, 'manifest.sig': files['manifest.sig']! })
    // Shrink the declared size of the CSV in the central directory to 10 bytes.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
    let patched = 0
    for (let i = 0; i + 46 < zip.length; i++) {
      if (view.getUint32(i, true) === 0x02014b50 && strFromU8(zip.subarray(i + 46, i + 46 + view.getUint16(i + 28, true))) === name) {
        view.setUint32(i + 24, 10, true)
        patched++
      }
    }
    expect(patched).toBe(1)
    const r = verifyPackage(zip, deps)
    expect(r.valid).toBe(false)
  })

  it('takes a budget from the caller', async () => {
    const office = makeOffice('Mlati')
    const { bytes } = await office.next(50)
    expect(verifyPackage(bytes, { ...deps, maxInflatedBytes: 1024 })).toMatchObject({ valid: false, code: 'TOO_LARGE' })
    expect(verifyPackage(bytes, deps)).toMatchObject({ valid: true })
  })
})
