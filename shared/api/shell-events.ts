/**
 * Events main sends to the page on its own initiative (the application menu, a package opened
 * from the file manager). One channel, one small typed payload; no data rides along: the page
 * answers by calling contract methods, so nothing it does not ask for reaches it.
 */
export const CHANNEL_SHELL = 'cermat:shell'

export const SHELL_EVENTS = [
  /** Bantuan → Kode temuan: show the in-app explanation of every finding code. */
  'help.findings',
  /** A `.cermat` package was opened from the file manager: show the package viewer. */
  'package.opened',
  /** The sending queue changed (state, progress): the page asks listDeliveries again. */
  'delivery.changed'
] as const

export type ShellEvent = (typeof SHELL_EVENTS)[number]

export function isShellEvent(x: unknown): x is ShellEvent {
  return typeof x === 'string' && (SHELL_EVENTS as readonly string[]).includes(x)
}
