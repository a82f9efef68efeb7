/** The engine side of the contract: one handler per engine method, typed by the contract. */
import { describe, expect, it } from 'vitest'

import { type EngineHandlers, isEngineMethod, METHOD_NAMES } from '../../../shared/api/contract'
import { dispatchEngine, ENGINE_HANDLERS } from '../../../shared/engine/dispatch'
import type { Engine } from '../../../shared/engine/engine'
import { openEngine } from '../helpers/engine'
import { masterFile, sumberadiFile } from '../helpers/sheets'

// Checked by `tsc -b`: a handler returning another method's result does not compile.
// @ts-expect-error getSummary must return a Summary, not WorkspaceInfo
const _wrongResult: EngineHandlers<Engine>['getSummary'] = (engine) => engine.info()
// @ts-expect-error editCell takes editCell's arguments, not a bare row id
const _wrongArgs: EngineHandlers<Engine>['editCell'] = (engine, rowId: string) => engine.markVerified({ rowId })

describe('engine dispatch', () => {
  it('has exactly one handler per engine method of the contract', () => {
    expect(Object.keys(ENGINE_HANDLERS).sort()).toEqual(METHOD_NAMES.filter(isEngineMethod).sort())
  })

  it('without a workspace answers getWorkspace with null and refuses everything else with NO_WORKSPACE', async () => {
    await expect(dispatchEngine(null, 'getWorkspace', {})).resolves.toBeNull()
    await expect(dispatchEngine(null, 'getSummary', {})).rejects.toMatchObject({ code: 'NO_WORKSPACE' })
    await expect(dispatchEngine(null, 'cancelTask', { taskId: 't' })).rejects.toMatchObject({ code: 'NO_WORKSPACE' })
  })

  it('refuses a name that is not an engine method (a message crosses a thread untyped)', async () => {
    const { engine } = await openEngine()
    await expect(dispatchEngine(engine, 'getKeyStatus' as never, {} as never)).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' })
    await expect(dispatchEngine(engine, 'toString' as never, {} as never)).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' })
    await engine.close()
  })

  it('answers with what the Engine methods answer', async () => {
    const { engine } = await openEngine()
    await dispatchEngine(engine, 'importMaster', { taskId: 'm', fileName: 'master.xlsx', bytes: masterFile() })
    const village = await dispatchEngine(engine, 'importVillage', { taskId: 'v', fileName: 'musdes.xlsx', bytes: sumberadiFile() })
    expect(village.source.kind).toBe('village')
    const info = await dispatchEngine(engine, 'getWorkspace', {})
    expect(info?.villages.map((s) => s.id)).toEqual([village.source.id])
    expect(await dispatchEngine(engine, 'getSummary', {})).toEqual(await engine.summary())
    expect(await dispatchEngine(engine, 'getAudit', {})).toEqual(await engine.audit(undefined, 200))
    const page = await dispatchEngine(engine, 'listRowsPage', { limit: 3 })
    expect(page.rows.map((r) => r.id)).toEqual((await engine.rows()).slice(0, 3).map((r) => r.id))
    await engine.close()
  })
})
