/**
 * Engine-side methods of the contract, mapped onto the Engine (used by the worker). The map is
 * checked against EngineHandlers: a missing method, or a handler taking or returning the wrong
 * type, does not compile.
 */
import type { ArgsOf, EngineHandlers, EngineMethodName, ResultOf } from '../api/contract'
import type { Engine } from './engine'
import { cermatError } from './errors'

/** A handler that needs an open workspace: NO_WORKSPACE when none is. */
function needs<A, R>(handler: (engine: Engine, args: A) => Promise<R>): (engine: Engine | null, args: A) => Promise<R> {
  return (engine, args) => (engine ? handler(engine, args) : Promise.reject(cermatError('NO_WORKSPACE', {})))
}

export const ENGINE_HANDLERS: EngineHandlers<Engine | null> = {
  // The one method that answers without a workspace: the renderer asks it to learn whether one is open.
  getWorkspace: async (engine) => (engine ? engine.info() : null),
  updateSettings: needs((e, a) => e.updateSettings(a)),
  inspectFile: needs((e, { kind, ...rest }) => e.inspectFile(kind, rest)),
  listTemplates: needs((e) => e.listTemplates()),
  deleteTemplate: needs((e, a) => e.deleteTemplate(a.name)),
  undo: needs((e) => e.undo('undo')),
  redo: needs((e) => e.undo('redo')),
  setCoverage: needs((e, a) => e.setCoverage(a)),
  importMaster: needs((e, a) => e.importFile('master', a)),
  importVillage: needs((e, a) => e.importFile('village', a)),
  cancelTask: needs(async (e, a) => {
    e.cancel(a.taskId)
    return null
  }),
  // Nothing to read ahead for without a workspace: the queue's import will say so.
  readAhead: async (e, a) => {
    e?.readAhead(a.files)
    return null
  },
  getSummary: needs((e) => e.summary()),
  listRowsPage: needs((e, a) => e.rowsPage(a)),
  listRowsPacked: needs((e, a) => e.rowsPacked(a)),
  editCell: needs((e, a) => e.editCell(a)),
  resolveFinding: needs((e, a) => e.resolveFinding(a)),
  markVerified: needs((e, a) => e.markVerified(a)),
  deactivate: needs((e, a) => e.deactivate(a)),
  resolveMany: needs((e, a) => e.resolveMany(a)),
  verifyMany: needs((e, a) => e.verifyMany(a)),
  getAudit: needs((e, a) => e.audit(a.rowId, a.limit ?? 200)),
  previewExport: needs((e, a) => e.previewExport({ all: a.all === true })),
  daftarPerbaikan: needs((e, a) => e.daftarPerbaikan(a)),
  listPackages: needs((e) => e.listPackages())
}

export async function dispatchEngine<M extends EngineMethodName>(engine: Engine | null, method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  // The name crossed a thread boundary: check it is one of ours before looking it up.
  if (!Object.hasOwn(ENGINE_HANDLERS, method)) throw cermatError(engine ? 'UNKNOWN_METHOD' : 'NO_WORKSPACE', engine ? { method } : {})
  const handler: EngineHandlers<Engine | null>[M] = ENGINE_HANDLERS[method]
  return handler(engine, args)
}
