/**
 * Checks of review actions before they are journaled: each guard is a pure function of the
 * database, the arguments and today's date, and returns the command to run and the rows it can
 * change — or throws the error the operator sees. Checks live here, never where commands are
 * applied or replayed: journals written before a rule existed must still replay (decisions 19–20).
 */
import { ALLOWED_ACTIONS } from '../../domain/findings'
import { cleanId } from '../../domain/nik'
import { checkBasis, checkSharedBasis, isRemovalFinding, type RemovalBasis, type SharedBasis } from '../../domain/removal'
import type { Command } from '../commands/types'
import { pendingTargets } from '../commands/undo'
import type { Db } from '../db'
import { cermatError } from '../errors'
import { masterHasNik, missingMasterNik, niksOfMasters } from '../tables/master-rows'
import { type RowFilter, verifiedRowIds, villagePerson } from '../tables/village-rows'
import { filterForDecisions, filterForFindings, filterForRow, filterForRows } from './affected-rows'
import {
  BASIS_FIELD_NAMES,
  basisRequired,
  checked,
  checkNoOpenMatch,
  checkVerifiable,
  countByCode,
  findingsByKey,
  type ReviewFinding
} from './review-checks'

/** A checked action: the command to journal (null: nothing to do) and the rows it can change. */
export interface ReviewPlan {
  cmd: Command | null
  filter: RowFilter
}

/** The numeric id of a 'v…' or 'm…' row id; a row of the other kind cannot take this action. */
export function numericId(rowId: string, prefix: 'v' | 'm', action = 'edit'): number {
  if (!rowId.startsWith(prefix)) throw cermatError('ACTION_NOT_ALLOWED', { action, code: 'MISSING_FROM_VILLAGE' })
  return Number(rowId.slice(1))
}

export function planEditCell(
  db: Db,
  args: { rowId: number; field: Extract<Command, { type: 'editCell' }>['field']; value: string }
): ReviewPlan {
  // The row's view changes for the NIK or KK it will have, too.
  const extraNik = args.field === 'nik' ? [cleanId(args.value)] : []
  const extraKk = args.field === 'no_kk' ? [cleanId(args.value)] : []
  return {
    cmd: { type: 'editCell', rowId: args.rowId, field: args.field, value: args.value },
    filter: filterForRow(db, args.rowId, extraNik, extraKk)
  }
}

/**
 * Resolves one finding. Accepting a removal (a missing person, a reported death, move, …) needs
 * its basis. A basis given for anything else is not stored.
 */
export function planResolveFinding(
  db: Db,
  args: { findingKey: string; action: Extract<Command, { type: 'resolveFinding' }>['action']; basis?: RemovalBasis },
  today: string
): ReviewPlan {
  const f = findingsByKey(db, [args.findingKey])[0]
  if (!f) throw cermatError('FINDING_NOT_FOUND', {})
  let basis: RemovalBasis | undefined
  if (args.action === 'accept_village' && isRemovalFinding(f.code, f.params)) {
    if (!args.basis) throw basisRequired(db, [f])
    basis = checked(checkBasis(args.basis, today))
    if (f.code === 'MISSING_FROM_VILLAGE' && f.master_row_id !== null) checkNoOpenMatch(db, [f.master_row_id])
  }
  return {
    cmd: { type: 'resolveFinding', key: args.findingKey, action: args.action, ...(basis ? { basis } : {}) },
    filter: args.action === 'accept_village' ? filterForDecisions(db, [f]) : filterForFindings(db, [f])
  }
}

/**
 * Resolves many findings the same way, all or nothing: every finding must exist and allow the
 * action, and every removal among them needs the basis (one for all: a berita acara covers a
 * whole musdes). Findings already resolved this way are passed over — except removals decided
 * without a basis when one is given now.
 */
export function planResolveMany(
  db: Db,
  args: { findingKeys: string[]; action: Extract<Command, { type: 'resolveMany' }>['action']; basis?: SharedBasis },
  today: string
): ReviewPlan {
  const keys = [...new Set(args.findingKeys)]
  const found = new Map(findingsByKey(db, keys).map((f) => [f.key, f]))
  if (found.size !== keys.length) throw cermatError('FINDING_NOT_FOUND', { count: keys.length - found.size })
  const list = keys.map((k) => found.get(k)!)
  const refused = list.filter((f) => !ALLOWED_ACTIONS[f.code].includes(args.action))
  if (refused.length > 0)
    throw cermatError('ACTION_NOT_ALLOWED', { action: args.action, code: countByCode(refused), count: refused.length })
  // Done already, unless it is a removal decided without a basis and one is given now.
  const done = (f: ReviewFinding) =>
    f.resolved &&
    f.decided === args.action &&
    !(args.basis && !f.hasBasis && args.action === 'accept_village' && isRemovalFinding(f.code, f.params))
  const todo = list.filter((f) => !done(f))
  if (todo.length === 0) return { cmd: null, filter: {} }
  const removals = args.action === 'accept_village' ? todo.filter((f) => isRemovalFinding(f.code, f.params)) : []
  let basis: SharedBasis | undefined
  if (removals.length > 0) {
    if (!args.basis) throw basisRequired(db, removals)
    basis = checked(checkSharedBasis(args.basis, today))
    // A person missing from the village list has no reported status to fall back on.
    if (!basis.reason && removals.some((f) => f.code === 'MISSING_FROM_VILLAGE')) {
      throw cermatError('VALUE_INVALID', {
        field: BASIS_FIELD_NAMES.reason,
        value: '',
        hint: 'Pilih alasan penghapusan untuk orang yang tidak ada di file desa.'
      })
    }
    checkNoOpenMatch(
      db,
      removals.filter((f) => f.code === 'MISSING_FROM_VILLAGE' && f.master_row_id !== null).map((f) => f.master_row_id!)
    )
  }
  return {
    cmd: { type: 'resolveMany', keys: todo.map((f) => f.key), action: args.action, ...(basis ? { basis } : {}) },
    // Accepting only records decisions (commands/review.ts applyResolve): no other row can change.
    filter: args.action === 'accept_village' ? filterForDecisions(db, todo) : filterForFindings(db, todo)
  }
}

/** Undo or redo of the newest review action: all rows of a bulk action at once. */
export function planUndo(db: Db, direction: 'undo' | 'redo'): ReviewPlan {
  const p = pendingTargets(db, direction)
  if (!p) return { cmd: { type: direction }, filter: { rowIds: [] } }
  const masterIds = p.targets.filter((t) => t.kind === 'm').map((t) => t.id)
  const masterNiks = masterIds.length > 0 ? niksOfMasters(db, masterIds) : []
  return {
    cmd: { type: direction },
    // Put back without recomputing (decisions and verified/open only): no row but the targets changes.
    filter: {
      rowIds: p.targets.filter((t) => t.kind === 'v').map((t) => t.id),
      niks: p.recomputes ? [...p.niks, ...masterNiks] : masterNiks,
      kks: p.recomputes ? p.kks : []
    }
  }
}

/** Marks a row verified: its open warnings and infos are accepted; not with open errors or an open removal. */
export function planMarkVerified(db: Db, rowId: number): ReviewPlan {
  checkVerifiable(db, [rowId])
  return { cmd: { type: 'markVerified', rowId }, filter: filterForRow(db, rowId, []) }
}

/** Marks many rows verified, all or nothing; rows verified with nothing open are passed over. */
export function planVerifyMany(db: Db, args: { rowIds: string[] }): ReviewPlan {
  const ids = [...new Set(args.rowIds.map((r) => numericId(r, 'v', 'verify')))]
  const open = checkVerifiable(db, ids)
  const verified = new Set(verifiedRowIds(db, ids))
  const todo = ids.filter((id) => !(verified.has(id) && !open.has(id)))
  if (todo.length === 0) return { cmd: null, filter: {} }
  return {
    cmd: { type: 'verifyMany', rowIds: todo },
    filter: filterForRows(
      db,
      todo.map((id) => ({ rowId: id, extraNiks: [] }))
    )
  }
}

/**
 * Removes a person, with the basis of the removal: a master person missing from the village
 * list ('m…': their MISSING_FROM_VILLAGE is accepted), or a village row matched to a master person
 * ('v…': KETERANGAN takes the reason and the STATUS_CHANGE it gives is accepted).
 */
export function planDeactivate(db: Db, args: { rowId: string; basis: RemovalBasis }, today: string): ReviewPlan {
  const basis = checked(checkBasis(args.basis, today))
  if (args.rowId.startsWith('m')) {
    const id = numericId(args.rowId, 'm')
    const m = missingMasterNik(db, id)
    if (!m) throw cermatError('ROW_NOT_FOUND', { rowId: args.rowId })
    checkNoOpenMatch(db, [id])
    return { cmd: { type: 'deactivate', kind: 'm', id, basis }, filter: { niks: [m.nik] } }
  }
  const id = numericId(args.rowId, 'v')
  const filter = filterForRow(db, id, [])
  const row = villagePerson(db, id)!
  if (row.status === 'excluded') throw cermatError('ACTION_NOT_ALLOWED', { action: 'deactivate', code: 'excluded' })
  if (row.nik === '' || !masterHasNik(db, row.nik)) {
    throw cermatError('DEACTIVATE_NEEDS_MASTER', { nama: row.nama, nik: row.nik })
  }
  return { cmd: { type: 'deactivate', kind: 'v', id, basis }, filter }
}
