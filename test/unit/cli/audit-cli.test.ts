/** `cermat audit verify`: the whole chain from the first entry, which opening alone does not hash. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { parseCurrent } from '../../../shared/engine/store/integrity'
import { sealSnapshot, unsealSnapshot } from '../../../shared/engine/store/snapshot'
import { cermat, useCliFolder } from '../helpers/cli'
import { passphraseDisk } from '../helpers/encrypted'
import { loadSql } from '../helpers/engine'
import { masterFile, sumberadiFile } from '../helpers/sheets'

const tmp = useCliFolder('audit')

describe('cermat audit verify', () => {
  it('says the chain holds, and names the first entry edited behind Cermat’s back', async () => {
    const ws = join(tmp, 'ws')
    writeFileSync(join(tmp, 'master.xlsx'), masterFile())
    writeFileSync(join(tmp, 'musdes.xlsx'), sumberadiFile())
    expect(
      (
        await cermat([
          'import',
          '--parse-processes',
          '0',
          '--workspace',
          ws,
          '--master',
          join(tmp, 'master.xlsx'),
          join(tmp, 'musdes.xlsx')
        ])
      ).code
    ).toBe(0)
    const ok = await cermat(['audit', 'verify', '--workspace', ws])
    expect(ok.code, ok.err).toBe(0)
    expect(ok.out).toMatch(/^Rantai audit utuh: \d+ entri diperiksa dari entri pertama; kepala [0-9a-f]{64}$/)

    // Someone with the key edits the first entry's operator in the snapshot, leaving its hash.
    const disk = await passphraseDisk(ws)
    const current = parseCurrent((await disk.read('CURRENT'))!)
    if (typeof current === 'string') throw new Error(current)
    const name = `snapshot-${current.generation}.sqlite`
    const SQL = await loadSql()
    const db = new SQL.Database(unsealSnapshot((await disk.read(name))!).image!)
    const at = String(db.exec('SELECT at FROM audit WHERE id = 1')[0]!.values[0]![0])
    db.run(`UPDATE audit SET operator = 'orang lain' WHERE id = 1`)
    await disk.writeAtomic(name, sealSnapshot(db.export()))
    db.close()

    const broken = await cermat(['audit', 'verify', '--workspace', ws])
    expect(broken.code).toBe(1)
    expect(broken.err).toContain('TIDAK UTUH')
    expect(broken.err).toContain(`entri no. 1 (${at})`)
    expect((await cermat(['audit', 'check', '--workspace', ws])).code).toBe(2)
  })
})
