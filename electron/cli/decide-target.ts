/**
 * Which row and which finding a `cermat decide` line is about. Pure over the workspace's rows:
 * one row and one finding, or a refusal listing the choices — never a guess.
 */
import type { FindingView, Locale, RowView } from '../../shared/api/types'
import { cleanId } from '../../shared/domain/nik'
import { desaKey } from '../../shared/domain/region'
import { findingMessage, type MessageKey, t, tMaybe } from '../../shared/i18n'

export const DECIDE_ACTIONS = ['accept', 'keep', 'exclude', 'remove', 'verify'] as const
export type DecideAction = (typeof DECIDE_ACTIONS)[number]

/** What the operator asked for (the command's options, or one line of --from). */
export interface DecideRequest {
  nik?: string
  file?: string
  row?: number
  desa?: string
  action: DecideAction
  field?: string
  reason?: string
  basisNumber?: string
  basisDate?: string
  basisKind?: string
}

/** `already`: the same decision was recorded before (a --from file run again): nothing to do, not a refusal. */
export type Picked<T> = { ok: true; value: T } | { ok: false; message: string; already?: true }

const ENGINE_ACTION = { accept: 'accept_village', keep: 'keep_master', exclude: 'exclude_row' } as const

/** "SITI AMINAH (NIK 3404…), musdes.xlsx baris 12, desa SUMBERADI": the person as the operator finds them. */
export function who(locale: Locale, row: RowView): string {
  const params = { nama: row.values.nama || '—', nik: row.values.nik || '—', desa: row.desa || '—' }
  return row.kind === 'master_only'
    ? t(locale, 'cli.decide.who.master', params)
    : t(locale, 'cli.decide.who.village', { ...params, file: row.fileName ?? '—', row: row.rowNo ?? 0 })
}

const quoted = (s: string) => (/[\s"']/.test(s) ? JSON.stringify(s) : s)

export function pickRow(locale: Locale, rows: RowView[], req: DecideRequest): Picked<RowView> {
  let found: RowView[]
  const nik = req.nik === undefined ? undefined : cleanId(req.nik)
  if (req.file !== undefined && req.row !== undefined) {
    const file = req.file.trim()
    const exact = rows.filter((r) => r.fileName === file && r.rowNo === req.row)
    found = exact.length > 0 ? exact : rows.filter((r) => r.fileName?.toLowerCase() === file.toLowerCase() && r.rowNo === req.row)
    if (found.length === 0) return { ok: false, message: t(locale, 'cli.decide.rowNotFound', { file, row: req.row }) }
    if (nik !== undefined && found[0]!.values.nik !== nik)
      return { ok: false, message: t(locale, 'cli.decide.rowOtherNik', { file, row: req.row, nik, rowNik: found[0]!.values.nik || '—' }) }
    return { ok: true, value: found[0]! }
  }
  if (nik === undefined || nik === '') return { ok: false, message: t(locale, 'cli.decide.targetMissing') }
  found = rows.filter((r) => r.values.nik === nik)
  if (req.desa !== undefined) found = found.filter((r) => desaKey(r.desa) === desaKey(req.desa!))
  if (found.length === 0)
    return {
      ok: false,
      message: t(locale, req.desa ? 'cli.decide.nikNotFoundInDesa' : 'cli.decide.nikNotFound', { nik, desa: req.desa ?? '' })
    }
  if (found.length === 1) return { ok: true, value: found[0]! }
  const choices = found.map((r) =>
    r.kind === 'master_only'
      ? `  --desa ${quoted(r.desa)}    ${who(locale, r)}`
      : `  --file ${quoted(r.fileName ?? '')} --row ${r.rowNo}    ${who(locale, r)}`
  )
  return { ok: false, message: [t(locale, 'cli.decide.ambiguousRow', { nik, count: found.length }), ...choices].join('\n') }
}

/** --field names a field (tanggal_lahir, tanggal-lahir) or a finding code (PROBABLE_MATCH). */
function matchesField(f: FindingView, wanted: string): boolean {
  const w = wanted.trim()
  return f.field === w.toLowerCase().replace(/-/g, '_') || f.code === w.toUpperCase().replace(/-/g, '_')
}

/** The one open finding of the row that the action resolves (accept, keep, exclude). */
export function pickFinding(
  locale: Locale,
  row: RowView,
  req: DecideRequest & { action: keyof typeof ENGINE_ACTION }
): Picked<FindingView> {
  const action = ENGINE_ACTION[req.action]
  const applies = (f: FindingView) => f.allowed.includes(action) && (req.field === undefined || matchesField(f, req.field))
  const open = row.findings.filter((f) => f.status === 'open')
  let fits = open.filter(applies)
  const line = (f: FindingView, selector: string) => `  --field ${selector}    ${findingMessage(locale, f)}`
  if (fits.length === 0) {
    const resolved = row.findings.filter((f) => f.status === 'resolved' && applies(f))
    // Keeping the master value of a field writes it into the row, and the finding is gone with the difference.
    const field = req.field?.toLowerCase().replace(/-/g, '_') as keyof RowView['values'] | undefined
    if (action === 'keep_master' && field !== undefined && row.master !== null && Object.hasOwn(row.values, field))
      if (row.values[field] === row.master[field])
        return {
          ok: false,
          already: true,
          message: t(locale, 'cli.decide.sameAsMaster', { who: who(locale, row), field: tMaybe(locale, `field.${field}`, field) })
        }
    if ((action === 'exclude_row' && row.status === 'excluded') || resolved.some((f) => f.resolution === action))
      return { ok: false, already: true, message: t(locale, 'cli.decide.already', { who: who(locale, row), action: req.action }) }
    // An earlier decision the operator now changes, as the app lets them (the new decision replaces it).
    fits = resolved
  }
  if (fits.length === 0) {
    const key: MessageKey = open.length === 0 ? 'cli.decide.noOpenFinding' : 'cli.decide.noFindingFor'
    const head = t(locale, key, {
      who: who(locale, row),
      action: req.action,
      field: req.field !== undefined ? ` (--field ${req.field})` : ''
    })
    return {
      ok: false,
      message: [head, ...open.map((f) => `${line(f, f.field ?? f.code)} [${f.allowed.map(fromEngineAction).join(', ')}]`)].join('\n')
    }
  }
  // Excluding takes the whole row out whichever of its findings it answers: nothing to choose.
  if (fits.length === 1 || req.action === 'exclude') return { ok: true, value: fits[0]! }
  const selector = (f: FindingView) => (f.field !== null && fits.filter((g) => g.field === f.field).length === 1 ? f.field : f.code)
  return {
    ok: false,
    message: [
      t(locale, 'cli.decide.ambiguousFinding', { who: who(locale, row), count: fits.length, action: req.action }),
      ...fits.map((f) => line(f, selector(f)))
    ].join('\n')
  }
}

function fromEngineAction(a: string): string {
  return (Object.keys(ENGINE_ACTION) as (keyof typeof ENGINE_ACTION)[]).find((k) => ENGINE_ACTION[k] === a) ?? a
}

export function engineAction(action: keyof typeof ENGINE_ACTION): (typeof ENGINE_ACTION)[keyof typeof ENGINE_ACTION] {
  return ENGINE_ACTION[action]
}
