/**
 * The workspace recovery code: 30 base32 characters (RFC 4648 alphabet, 150 random bits), printed
 * once as six groups of five (`ABCDE-FGHIJ-…`). Read back forgivingly: case, spaces and dashes do
 * not matter, and the digits people type for look-alike letters (0 → O, 1 → I, 8 → B) are taken
 * as those letters, since the alphabet has no 0, 1 or 8.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
export const RECOVERY_GROUPS = 6
export const RECOVERY_GROUP_LENGTH = 5
const LENGTH = RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH

/** A new code from `random` (at least 30 random bytes; each gives one character). */
export function formatRecoveryCode(random: Uint8Array): string {
  if (random.length < LENGTH) throw new Error(`kode pemulihan butuh ${LENGTH} byte acak`)
  const chars = Array.from(random.subarray(0, LENGTH), (b) => ALPHABET[b & 31]!)
  const groups: string[] = []
  for (let i = 0; i < LENGTH; i += RECOVERY_GROUP_LENGTH) groups.push(chars.slice(i, i + RECOVERY_GROUP_LENGTH).join(''))
  return groups.join('-')
}

/** The code as typed → its 30 canonical characters, or null when it cannot be one. */
export function normalizeRecoveryCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/0/g, 'O').replace(/1/g, 'I').replace(/8/g, 'B')
  if (s.length !== LENGTH || [...s].some((c) => !ALPHABET.includes(c))) return null
  return s
}
