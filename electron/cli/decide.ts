/**
 * `cermat decide`: the operator's review decisions from the command line, through the same engine
 * methods and checks as the app (accept / keep / exclude resolve a finding, remove deactivates with
 * its basis, verify marks the row). One journaled command, one undo step, per decision.
 */
import { promises as fs } from 'node:fs'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'

import type { Locale, RowsChanged, RowView } from '../../shared/api/types'
import { BASIS_KINDS, type BasisKind, checkBasis, describeBasis, isRemovalFinding, type RemovalBasis } from '../../shared/domain/removal'
import type { Engine } from '../../shared/engine/engine'
import { checked } from '../../shared/engine/review/review-checks'
import { actionLabel, findingMessage, t } from '../../shared/i18n'
import { nowIso } from '../engine-host/node-ports'
import { type DecideRequest, engineAction, pickFinding, pickRow, who } from './decide-target'
import { readDecisionsCsv, requestOf } from './decisions-csv'
import { allRows, call, errorText, workspaceExists } from './engine-call'
import { withWorkspace } from './workspace-commands'

export interface CliIo {
  out(s: string): void
  err(s: string): void
  appVersion: string
}

/** A refusal worded by the CLI itself (a missing basis option); the engine's own refusals come as CermatError. */
class Refusal extends Error {}

export async function runDecideCli(args: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      options: {
        workspace: { type: 'string' },
        nik: { type: 'string' },
        file: { type: 'string' },
        row: { type: 'string' },
        desa: { type: 'string' },
        action: { type: 'string' },
        field: { type: 'string' },
        reason: { type: 'string' },
        'basis-number': { type: 'string' },
        'basis-date': { type: 'string' },
        'basis-kind': { type: 'string' },
        from: { type: 'string' },
        lang: { type: 'string', default: 'id' }
      }
    })
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n${t('id', 'cli.decide.usage')}`)
    return 2
  }
  const v = parsed.values
  const locale: Locale = v.lang === 'en' ? 'en' : 'id'
  const usage = (message: string) => {
    io.err(`${message}\n${t(locale, 'cli.decide.usage')}`)
    return 2
  }
  if (!v.workspace) return usage(t(locale, 'cli.needsWorkspace', { command: 'decide' }))
  let requests: { line: number | null; request: DecideRequest | null; message?: string }[]
  if (v.from !== undefined) {
    if (v.nik !== undefined || v.action !== undefined || v.file !== undefined) return usage(t(locale, 'cli.decide.fromAlone'))
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await fs.readFile(v.from))
    } catch (e) {
      io.err(t(locale, 'cli.fileUnreadable', { file: basename(v.from), reason: (e as NodeJS.ErrnoException).code ?? String(e) }))
      return 2
    }
    const read = readDecisionsCsv(locale, basename(v.from), bytes)
    if ('message' in read) return usage(read.message)
    requests = read.lines.map((l) => (l.ok ? { line: l.line, request: l.request } : { line: l.line, request: null, message: l.message }))
  } else {
    const req = requestOf(locale, {
      nik: v.nik,
      action: v.action,
      field: v.field,
      desa: v.desa,
      file: v.file,
      row: v.row,
      reason: v.reason,
      basisNumber: v['basis-number'],
      basisDate: v['basis-date'],
      basisKind: v['basis-kind']
    })
    if ('message' in req) return usage(req.message)
    requests = [{ line: null, request: req }]
  }

  if (!(await workspaceExists(v.workspace))) {
    io.err(t(locale, 'error.WORKSPACE_NOT_FOUND', { location: v.workspace }))
    return 2
  }
  return withWorkspace(v.workspace, io.appVersion, async (engine) => {
    const rows = new Map((await allRows(engine)).map((r) => [r.id, r]))
    let refused = 0
    for (const { line, request, message } of requests) {
      const result = request ? await decideOne(locale, engine, rows, request) : { ok: false, text: message! }
      if (!result.ok) refused++
      const text = result.ok ? t(locale, 'cli.decide.ok', { text: result.text }) : t(locale, 'cli.decide.refused', { text: result.text })
      io.out(line === null ? text : t(locale, 'cli.decide.line', { line, text }))
    }
    if (v.from !== undefined)
      io.out(t(locale, 'cli.decide.fromSummary', { file: basename(v.from), ok: requests.length - refused, refused }))
    const s = await call(engine, 'getSummary', {})
    io.out(t(locale, 'cli.summary', { open: s.open, resolved: s.resolved }))
    return refused > 0 ? 1 : 0
  })
}

/** Runs one request against the current rows (kept up to date from what each decision changed). */
export async function decideOne(
  locale: Locale,
  engine: Engine,
  rows: Map<string, RowView>,
  req: DecideRequest
): Promise<{ ok: boolean; text: string }> {
  const picked = pickRow(locale, [...rows.values()], req)
  if (!picked.ok) return { ok: false, text: picked.message }
  const row = picked.value
  const person = who(locale, row)
  const today = nowIso().slice(0, 10)
  try {
    let changed: RowsChanged
    let what: string
    if (req.action === 'verify') {
      if (row.kind === 'master_only') throw new Refusal(t(locale, 'cli.decide.verifyMasterOnly'))
      changed = await call(engine, 'markVerified', { rowId: row.id })
      what = t(locale, 'resolution.verified')
    } else if (req.action === 'remove') {
      const basis = basisOf(locale, req, today)!
      changed = await call(engine, 'deactivate', { rowId: row.id, basis })
      what = t(locale, 'cli.decide.removed', { basis: describeBasis(basis) })
    } else {
      const f = pickFinding(locale, row, { ...req, action: req.action })
      if (!f.ok) return { ok: f.already === true, text: f.message }
      const finding = f.value
      const action = engineAction(req.action)
      const removal = action === 'accept_village' && isRemovalFinding(finding.code, finding.params)
      // The village's reported status is the reason it gave; a missing person has none to offer.
      const basis = removal ? basisOf(locale, req, today, finding.params.status) : undefined
      changed = await call(engine, 'resolveFinding', { findingKey: finding.key, action, ...(basis ? { basis } : {}) })
      what = `${actionLabel(locale, finding.code, action)} — ${findingMessage(locale, finding)}${basis ? ` (${describeBasis(basis)})` : ''}`
    }
    for (const r of changed.rows) rows.set(r.id, r)
    for (const id of changed.removed) rows.delete(id)
    return { ok: true, text: `${person}: ${what}` }
  } catch (e) {
    return { ok: false, text: `${person}: ${e instanceof Refusal ? e.message : errorText(locale, e)}` }
  }
}

/**
 * The basis of a removal from --reason, --basis-number, --basis-date and --basis-kind (BA unless
 * SPTJM is said), checked by the engine's removal rules. For accepting a reported removal with
 * no basis option at all: undefined, so the engine says what it needs.
 */
function basisOf(locale: Locale, req: DecideRequest, today: string, reported?: string): RemovalBasis | undefined {
  const kind = (req.basisKind ?? 'BA').toUpperCase()
  if (!(BASIS_KINDS as readonly string[]).includes(kind))
    throw new Refusal(t(locale, 'cli.decide.basisKindInvalid', { kind: req.basisKind ?? '' }))
  const reason = req.reason?.toUpperCase().replace(/[\s-]+/g, '_') ?? reported
  if (req.action === 'accept' && req.reason === undefined && req.basisNumber === undefined && req.basisDate === undefined) return undefined
  const missing = [
    ...(reason === undefined ? ['--reason'] : []),
    ...(req.basisNumber === undefined ? ['--basis-number'] : []),
    ...(req.basisDate === undefined ? ['--basis-date'] : [])
  ]
  if (missing.length > 0) throw new Refusal(t(locale, 'cli.decide.basisMissing', { missing: missing.join(', ') }))
  return checked(
    checkBasis({ reason: reason as RemovalBasis['reason'], kind: kind as BasisKind, number: req.basisNumber!, date: req.basisDate! }, today)
  )
}
