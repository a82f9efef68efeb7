/** The engine has every untrusted file read through its parse port: imports, previews and journal replay. */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { CermatError } from '../../../shared/api/result'
import { Engine } from '../../../shared/engine/engine'
import { cermatError } from '../../../shared/engine/errors'
import { inProcessParser, type ParsePort } from '../../../shared/engine/import/parse-port'
import { NO_LIMITS } from '../../../shared/engine/import/read-workbook'
import { testPorts } from '../helpers/engine'
import { FaultyStorage } from '../helpers/memory-storage'

const DEMO = resolve(import.meta.dirname, '../../../resources/demo')
const master = new Uint8Array(readFileSync(join(DEMO, 'master-dtsen.xlsx')))
const village = new Uint8Array(readFileSync(join(DEMO, 'desa/musdes-tirtoadi-2026-11.csv')))

/** Reads in this thread and notes what it was asked (file and limits). */
function recording(): { parser: ParsePort; asked: { fileName: string; maxRows: number }[] } {
  const asked: { fileName: string; maxRows: number }[] = []
  return {
    asked,
    parser: {
      parse: (bytes, fileName, limits) => {
        asked.push({ fileName, maxRows: limits.maxRows })
        return inProcessParser.parse(bytes, fileName, limits)
      }
    }
  }
}

describe('parse port', () => {
  it('imports and previews read through the port with the host limits; a refusal from it refuses the import by name', async () => {
    const { parser, asked } = recording()
    const ports = { ...(await testPorts()), parser }
    const engine = await Engine.open(ports, { name: 'Uji' })
    await engine.importFile('master', { taskId: 'm', fileName: 'master-dtsen.xlsx', bytes: master })
    await engine.inspectFile('village', { fileName: 'musdes-tirtoadi-2026-11.csv', bytes: village })
    expect(asked).toEqual([
      { fileName: 'master-dtsen.xlsx', maxRows: 250_000 },
      { fileName: 'musdes-tirtoadi-2026-11.csv', maxRows: 250_000 }
    ])

    const refusing = {
      ...(await testPorts()),
      parser: { parse: async (_b: Uint8Array, file: string) => Promise.reject(cermatError('FILE_PARSE_MEMORY', { file, limit: 640 })) }
    }
    const other = await Engine.open(refusing, { name: 'Uji' })
    const err = await other.importFile('master', { taskId: 'm', fileName: 'master-dtsen.xlsx', bytes: master }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CermatError)
    expect((err as CermatError).message).toContain('File master-dtsen.xlsx ditolak: melebihi batas memori 640 MB')
    // Nothing of the refused file stays behind.
    expect((await refusing.storage.listAll()).filter((n) => n.startsWith('blobs/'))).toEqual([])
    await engine.close()
    await other.close()
  })

  it('a journal replay re-reads the stored file through the port, without the host limits', async () => {
    const storage = new FaultyStorage()
    const first = recording()
    const engine = await Engine.open({ ...(await testPorts(storage)), parser: first.parser }, { name: 'Uji' })
    await engine.importFile('master', { taskId: 'm', fileName: 'master-dtsen.xlsx', bytes: master })
    // The village import is journaled, but the snapshot after it fails: only the journal holds it.
    storage.failNext(/snapshot-/)
    await expect(engine.importFile('village', { taskId: 'v', fileName: 'musdes-tirtoadi-2026-11.csv', bytes: village })).rejects.toThrow()

    const again = recording()
    const reopened = await Engine.open({ ...(await testPorts(storage)), parser: again.parser })
    expect(again.asked).toEqual([{ fileName: 'musdes-tirtoadi-2026-11.csv', maxRows: NO_LIMITS.maxRows }])
    expect((await reopened.info()).villages.map((v) => v.fileName)).toEqual(['musdes-tirtoadi-2026-11.csv'])
    await reopened.close()
  })
})
