/** What every benchmark script reads from its command line, and how it times. */

/** The value after `--name`, or the fallback. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback
}

/** Milliseconds since `t0` (performance.now()), rounded. */
export const ms = (t0: number): number => Math.round(performance.now() - t0)
