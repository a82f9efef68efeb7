/**
 * What the workspace says about itself, read-only: meta values, the operator, region settings
 * (suggested until the operator sets them) and the active sources.
 */
import type { CarryForwardCounts, ColumnMapping, FileCoverage, RecoveryInfo, SourceInfo, WorkspaceInfo } from '../api/types'
import type { DesaEvidence } from '../domain/desa-evidence'
import { letterFrom } from '../domain/letter'
import { defaultSignatories, isSubVillageLabel, type Signatory, suggestSubVillageLabel } from '../domain/region'
import type { Db } from './db'
import { cermatError } from './errors'
import { metaValue } from './tables/meta'
import { activeSources as activeSourceRows, type SourceRow } from './tables/sources'

/** Where the engine is and what it knows beyond the database. */
export interface WorkspacePlace {
  location: string
  defaultOperator: string
  recovery: RecoveryInfo | null
}

export function readMeta(db: Db, key: string): string {
  return metaValue(db, key) ?? ''
}

/** The operator set in the workspace, else the one the host reports (the OS user). */
export function operatorOf(db: Db, defaultOperator: string): string {
  return readMeta(db, 'operator') || defaultOperator
}

export function workspaceInfo(db: Db, place: WorkspacePlace): WorkspaceInfo {
  const sources = activeSources(db)
  return {
    id: readMeta(db, 'workspace_id'),
    name: readMeta(db, 'name'),
    location: place.location,
    kecamatan: readMeta(db, 'kecamatan'),
    operator: operatorOf(db, place.defaultOperator),
    ...regionSettings(db),
    approvalRequired: approvalRequired(db),
    receiverUrl: readMeta(db, 'receiver_url'),
    receiverKey: readMeta(db, 'receiver_key'),
    master: sources.find((s) => s.kind === 'master') ?? null,
    villages: sources.filter((s) => s.kind === 'village'),
    recovery: place.recovery
  }
}

/** One source as WorkspaceInfo lists it (the active master or a village file). */
export function sourceInfo(db: Db, place: WorkspacePlace, id: number): SourceInfo {
  const info = workspaceInfo(db, place)
  const found = [info.master, ...info.villages].find((s) => s?.id === id)
  if (!found) throw cermatError('INTERNAL', {})
  return found
}

/** The kabupaten's rule that a package needs a camat/kasi approval before it is sent (approval.ts). */
export function approvalRequired(db: Db): boolean {
  return readMeta(db, 'approval_required') === '1'
}

/** Kabupaten, sub-village label, signatories and letter; suggestions until the operator sets them. */
export function regionSettings(db: Db): Pick<WorkspaceInfo, 'kabupaten' | 'subVillageLabel' | 'signatories' | 'letter'> {
  const kabupaten = readMeta(db, 'kabupaten')
  const label = readMeta(db, 'sub_village_label')
  const signatories = readMeta(db, 'signatories')
  return {
    kabupaten,
    subVillageLabel: isSubVillageLabel(label) ? label : suggestSubVillageLabel(kabupaten),
    signatories: signatories ? (JSON.parse(signatories) as Signatory[]) : defaultSignatories(readMeta(db, 'kecamatan')),
    letter: letterFrom(readMeta(db, 'letter'), kabupaten, readMeta(db, 'kecamatan'))
  }
}

function activeSources(db: Db): SourceInfo[] {
  return activeSourceRows(db).map((s): SourceInfo => ({
    id: s.id,
    kind: s.kind,
    fileName: s.file_name,
    sha256: s.sha256,
    format: s.format,
    sheet: s.sheet,
    headerRow: s.header_row,
    rows: s.row_count,
    desa: s.desa,
    mapping: JSON.parse(s.mapping) as ColumnMapping[],
    importedAt: s.imported_at,
    importedBy: s.imported_by,
    coverage: s.kind === 'village' ? fileCoverage(s) : null,
    ...(s.desa_evidence ? { desaEvidence: JSON.parse(s.desa_evidence) as DesaEvidence[] } : {}),
    ...(s.carry_forward ? { carryForward: JSON.parse(s.carry_forward) as CarryForwardCounts } : {})
  }))
}

/** What a village file covers; with its desa unknown nothing can be guessed (MISSING_FROM_VILLAGE is not computed for it). */
function fileCoverage(s: SourceRow): FileCoverage {
  const guess = s.desa_key === '' ? 'unknown' : s.coverage_guess
  return { setting: s.coverage, guess, share: s.coverage_share, effective: s.coverage === 'auto' ? guess : s.coverage }
}
