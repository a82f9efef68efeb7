/** Base64 without Buffer (shared/ runs in Node and in the browser alike). */
export function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

/** Strict: null unless `text` is exactly the canonical encoding of some bytes. */
export function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null
  let bin: string
  try {
    bin = atob(text)
  } catch {
    return null
  }
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  // Unused low bits of the last character could vary without changing the bytes.
  return toBase64(out) === text ? out : null
}
