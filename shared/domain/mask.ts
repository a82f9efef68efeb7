/**
 * Display masking of identifiers (UU 27/2022 PDP): what the screen and its prints show when the
 * operator asks to hide NIK and No. KK. Display only: the data, the audit log, the package and the
 * CLI report keep the real values (docs/decisions.md).
 */

/** The character that stands for a hidden digit. */
export const MASK_CHAR = '•'

/** The fields whose values are identifiers that the mask hides. */
export const ID_FIELDS: readonly string[] = ['nik', 'no_kk']

/**
 * A NIK or KK with its middle hidden. 16 digits keep the region (first 6) and the serial (last 4):
 * '3404051205800001' → '340405••••••0001'. Anything else (a typo, "3.40405E+15") has every digit
 * but the last 4 hidden, other characters kept so the shape of the mistake stays readable.
 * Empty stays empty.
 */
export function maskId(value: string): string {
  if (value === '') return ''
  if (/^\d{16}$/.test(value)) return value.slice(0, 6) + MASK_CHAR.repeat(6) + value.slice(12)
  const digits = value.replace(/\D/g, '').length
  let seen = 0
  return value.replace(/\d/g, (d) => (++seen <= digits - 4 ? MASK_CHAR : d))
}

/** The value as shown: masked when `on` and the field is NIK or No. KK, unchanged otherwise. */
export function maskField(field: string | null, value: string, on: boolean): string {
  return on && field !== null && ID_FIELDS.includes(field) ? maskId(value) : value
}
