/** Engine-side methods of the contract, mapped onto the Engine (used by the worker and the CLI). */
import type { ArgsOf, MethodName } from '../api/contract'
import type { Engine } from './engine'
import { cermatError } from './errors'

export async function dispatchEngine(engine: Engine | null, method: MethodName, args: unknown): Promise<unknown> {
  if (method === 'getWorkspace') return engine ? engine.info() : null
  if (!engine) throw cermatError('NO_WORKSPACE', {})
  switch (method) {
    case 'updateSettings':
      return engine.updateSettings(args as ArgsOf<'updateSettings'>)
    case 'inspectFile': {
      const { kind, ...rest } = args as ArgsOf<'inspectFile'>
      return engine.inspectFile(kind, rest)
    }
    case 'listTemplates':
      return engine.listTemplates()
    case 'deleteTemplate':
      return engine.deleteTemplate((args as ArgsOf<'deleteTemplate'>).name)
    case 'undo':
    case 'redo':
      return engine.undo(method)
    case 'setCoverage':
      return engine.setCoverage(args as ArgsOf<'setCoverage'>)
    case 'importMaster':
      return engine.importFile('master', args as ArgsOf<'importMaster'>)
    case 'importVillage':
      return engine.importFile('village', args as ArgsOf<'importVillage'>)
    case 'cancelTask':
      engine.cancel((args as ArgsOf<'cancelTask'>).taskId)
      return null
    case 'getSummary':
      return engine.summary()
    case 'listRowsPage':
      return engine.rowsPage(args as ArgsOf<'listRowsPage'>)
    case 'editCell':
      return engine.editCell(args as ArgsOf<'editCell'>)
    case 'resolveFinding':
      return engine.resolveFinding(args as ArgsOf<'resolveFinding'>)
    case 'markVerified':
      return engine.markVerified(args as ArgsOf<'markVerified'>)
    case 'deactivate':
      return engine.deactivate(args as ArgsOf<'deactivate'>)
    case 'resolveMany':
      return engine.resolveMany(args as ArgsOf<'resolveMany'>)
    case 'verifyMany':
      return engine.verifyMany(args as ArgsOf<'verifyMany'>)
    case 'getAudit': {
      const a = args as ArgsOf<'getAudit'>
      return engine.audit(a.rowId, a.limit ?? 200)
    }
    case 'previewExport':
      return engine.previewExport()
    default:
      throw cermatError('UNKNOWN_METHOD', { method })
  }
}
