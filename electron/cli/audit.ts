/**
 * `cermat audit verify --workspace <dir>`: the whole audit hash chain checked from its first entry
 * (opening checks only what is new since the last snapshot; docs/security.md). A break: exit 1,
 * naming the first bad entry.
 */
import { parseArgs } from 'node:util'

import { toAppError } from '../../shared/api/result'
import { workspaceExists } from './engine-call'
import { withWorkspace } from './workspace-commands'

export const AUDIT_USAGE = 'Pemakaian: cermat audit verify --workspace <folder>'

export async function runAuditCli(args: string[], io: { out(s: string): void; err(s: string): void; appVersion: string }): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { workspace: { type: 'string' } } })
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n${AUDIT_USAGE}`)
    return 2
  }
  const workspace = parsed.values.workspace
  if (parsed.positionals[0] !== 'verify' || parsed.positionals.length !== 1 || !workspace) {
    io.err(AUDIT_USAGE)
    return 2
  }
  if (!(await workspaceExists(workspace))) {
    io.err(`Ruang kerja tidak ditemukan: ${workspace}`)
    return 2
  }
  try {
    return await withWorkspace(workspace, io.appVersion, async (engine) => {
      const r = await engine.verifyAudit()
      io.out(`Rantai audit utuh: ${r.count} entri diperiksa dari entri pertama; kepala ${r.hash || '-'}`)
      return 0
    })
  } catch (e) {
    const error = toAppError(e)
    io.err(`TIDAK UTUH: ${error.message}`)
    return 1
  }
}
