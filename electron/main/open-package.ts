/**
 * A `.cermat` package opened from the file manager (the installer registers the extension): the
 * path arrives in argv (Windows, Linux; a second launch forwards its argv to the running app) or
 * through 'open-file' (macOS). Main keeps the newest path for the package viewer, which will
 * verify it and list its changes, and tells the page one was opened (typed event, no path).
 */
import { extname } from 'node:path'

export const PACKAGE_EXTENSION = '.cermat'

/** The last argument naming a .cermat file; flags (`--x`, `-x`) and anything else are ignored. */
export function packagePathFromArgv(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const arg = argv[i] as string
    if (!arg.startsWith('-') && extname(arg).toLowerCase() === PACKAGE_EXTENSION) return arg
  }
  return null
}

export interface PackageOpener {
  /** Records the path (the newest wins) and notifies the page. */
  open(path: string): void
  /** The path waiting for the viewer, once (null when none). */
  take(): string | null
}

export function createPackageOpener(deps: { notify(): void; log(message: string): void }): PackageOpener {
  let pending: string | null = null
  return {
    open(path) {
      pending = path
      deps.log(`package opened from the file manager: ${path}`)
      deps.notify()
    },
    take() {
      const path = pending
      pending = null
      return path
    }
  }
}
