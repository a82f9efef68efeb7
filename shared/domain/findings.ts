/**
 * Finding (conflict) codes of DOMAIN.md. Stable: report.json, the package and the UI use them.
 * Messages are in shared/i18n; this module holds only the rules.
 */
export const FINDING_CODES = [
  'NIK_INVALID_FORMAT',
  'NIK_PRECISION_LOST',
  'NIK_BIRTHDATE_MISMATCH',
  'NIK_GENDER_MISMATCH',
  'DUPLICATE_NIK_IN_FILE',
  'DUPLICATE_NIK_ACROSS_VILLAGES',
  'NEW_RECORD',
  'PROBABLE_MATCH',
  'FIELD_MISMATCH',
  'MISSING_FROM_VILLAGE',
  'STATUS_CHANGE',
  'KK_MULTIPLE_HEADS',
  'KK_NO_HEAD',
  'KK_CHILD_OLDER_THAN_PARENT',
  'REQUIRED_FIELD_MISSING',
  'DATE_INVALID'
] as const

export type FindingCode = (typeof FINDING_CODES)[number]
export type Severity = 'error' | 'warning' | 'info'

export const SEVERITY: Record<FindingCode, Severity> = {
  NIK_INVALID_FORMAT: 'error',
  NIK_PRECISION_LOST: 'error',
  NIK_BIRTHDATE_MISMATCH: 'warning',
  NIK_GENDER_MISMATCH: 'warning',
  DUPLICATE_NIK_IN_FILE: 'error',
  DUPLICATE_NIK_ACROSS_VILLAGES: 'error',
  NEW_RECORD: 'info',
  PROBABLE_MATCH: 'warning',
  FIELD_MISMATCH: 'warning',
  MISSING_FROM_VILLAGE: 'warning',
  STATUS_CHANGE: 'info',
  KK_MULTIPLE_HEADS: 'warning',
  KK_NO_HEAD: 'warning',
  KK_CHILD_OLDER_THAN_PARENT: 'warning',
  REQUIRED_FIELD_MISSING: 'error',
  DATE_INVALID: 'error'
}

/**
 * What an operator can do with a finding (besides editing the cell, which is always possible
 * on a village row and resolves a finding when the new value removes the conflict).
 * - accept_village: the village is right; the change goes into the package.
 * - keep_master: the master is right; the village value is replaced by the master value
 *   (for MISSING_FROM_VILLAGE: the person stays, no removal is proposed; for PROBABLE_MATCH: the
 *   row takes the candidate's NIK — it is that master person).
 *   PROBABLE_MATCH accept_village: a different person after all, proposed as new.
 * - exclude_row: the village row is left out of matching and of the package (a duplicate,
 *   a row that should not be there).
 */
export const RESOLUTION_ACTIONS = ['accept_village', 'keep_master', 'exclude_row'] as const
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number]

export const ALLOWED_ACTIONS: Record<FindingCode, readonly ResolutionAction[]> = {
  NIK_INVALID_FORMAT: ['exclude_row'],
  NIK_PRECISION_LOST: ['exclude_row'],
  NIK_BIRTHDATE_MISMATCH: ['accept_village'],
  NIK_GENDER_MISMATCH: ['accept_village'],
  DUPLICATE_NIK_IN_FILE: ['exclude_row'],
  DUPLICATE_NIK_ACROSS_VILLAGES: ['exclude_row'],
  NEW_RECORD: ['accept_village', 'exclude_row'],
  PROBABLE_MATCH: ['keep_master', 'accept_village', 'exclude_row'],
  FIELD_MISMATCH: ['accept_village', 'keep_master'],
  MISSING_FROM_VILLAGE: ['accept_village', 'keep_master'],
  STATUS_CHANGE: ['accept_village', 'keep_master'],
  KK_MULTIPLE_HEADS: ['accept_village'],
  KK_NO_HEAD: ['accept_village'],
  KK_CHILD_OLDER_THAN_PARENT: ['accept_village'],
  REQUIRED_FIELD_MISSING: ['exclude_row'],
  DATE_INVALID: ['exclude_row']
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 }

/** Sort order for lists shown to people: errors first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b]
}
