/**
 * `cermat settings --receiver-key <file>`: pins the Dinas receipt key from the files a Dinas gives
 * (the line `cermat receiver` prints, JSON, PEM), refuses a file without exactly one key, and
 * clears the pin with ''. The app's queue and receipt import check receipts against it.
 */
import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { keyIdOf, rawPublicKey } from '../../../electron/engine-host/key-store'
import { cermat, useCliFolder } from '../helpers/cli'
import { masterFile } from '../helpers/sheets'

const tmp = useCliFolder('receiver-key', 'frasa sandi kunci dinas')

function dinasKey() {
  const { publicKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(publicKey)
  return {
    publicKey: Buffer.from(raw).toString('base64'),
    keyId: keyIdOf(raw),
    pem: publicKey.export({ format: 'pem', type: 'spki' }) as string
  }
}

describe('cermat settings --receiver-key', () => {
  const ws = join(tmp, 'ws')
  const file = (name: string, text: string) => {
    const path = join(tmp, name)
    writeFileSync(path, text)
    return path
  }

  it('pins the Dinas key from its key file, prints it, and clears it', async () => {
    const master = join(tmp, 'master.xlsx')
    writeFileSync(master, masterFile())
    const imported = await cermat(['import', '--workspace', ws, '--parse-processes', '0', '--master', master])
    expect(imported.code, imported.err).toBe(0)
    const unset = await cermat(['settings', '--workspace', ws])
    expect(unset.out).toContain('Kunci publik penerima Dinas: (belum diisi: tanda terima tidak dicocokkan dengan kunci Dinas)')

    const key = dinasKey()
    const line = file('dinas.txt', `Kunci tanda terima Dinas: ${key.keyId} (${key.publicKey})\n`)
    const set = await cermat(['settings', '--workspace', ws, '--receiver-key', line])
    expect(set.code, set.err).toBe(0)
    expect(set.out).toContain(`Kunci publik penerima Dinas: ${key.keyId} (${key.publicKey})`)

    const other = dinasKey()
    const pem = await cermat(['settings', '--workspace', ws, '--receiver-key', file('dinas.pem', other.pem)])
    expect(pem.out).toContain(`Kunci publik penerima Dinas: ${other.keyId} (${other.publicKey})`)
    const json = await cermat([
      'settings',
      '--workspace',
      ws,
      '--receiver-key',
      file('dinas.json', JSON.stringify({ publicKey: key.publicKey }))
    ])
    expect(json.out).toContain(`(${key.publicKey})`)

    const cleared = await cermat(['settings', '--workspace', ws, '--receiver-key', ''])
    expect(cleared.code).toBe(0)
    expect(cleared.out).toContain('Kunci publik penerima Dinas: (belum diisi')
  })

  it('refuses a file without exactly one key, or none at all, and keeps the pin as it was', async () => {
    const key = dinasKey()
    expect((await cermat(['settings', '--workspace', ws, '--receiver-key', file('ok.txt', key.publicKey)])).code).toBe(0)
    const two = dinasKey()
    for (const bad of [
      file('dua.txt', `${key.publicKey}\n${two.publicKey}\n`),
      file('kosong.txt', 'bukan kunci'),
      file('pendek.txt', 'AAAA')
    ]) {
      const r = await cermat(['settings', '--workspace', ws, '--receiver-key', bad])
      expect(r.code).toBe(2)
      expect(r.err).toContain('tidak berisi tepat satu kunci publik Ed25519')
    }
    const missing = await cermat(['settings', '--workspace', ws, '--receiver-key', join(tmp, 'tidak-ada.txt')])
    expect(missing.code).toBe(2)
    expect(missing.err).toContain('--receiver-key "tidak-ada.txt": ENOENT')
    expect((await cermat(['settings', '--workspace', ws])).out).toContain(`(${key.publicKey})`)
  })
})
