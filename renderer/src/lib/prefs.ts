/**
 * Preferences of this PC (not workspace data): kept in localStorage, so they survive closing the
 * workspace and restarting. Storage that is missing or full never breaks the app: reads fall back,
 * writes are dropped (the preference still applies for this session).
 */
export function readPref<T>(key: string, fallback: T, parse: (text: string) => T | undefined): T {
  try {
    const text = globalThis.localStorage?.getItem(key)
    if (text === null || text === undefined) return fallback
    return parse(text) ?? fallback
  } catch {
    return fallback
  }
}

export function writePref(key: string, text: string): void {
  try {
    globalThis.localStorage?.setItem(key, text)
  } catch {
    // Not saved: applies for this session only.
  }
}

/** A JSON preference; anything unreadable counts as unset. */
export function parseJson<T>(check: (x: unknown) => x is T): (text: string) => T | undefined {
  return (text) => {
    try {
      const value: unknown = JSON.parse(text)
      return check(value) ? value : undefined
    } catch {
      return undefined
    }
  }
}
