/**
 * What this PC remembers about the window between runs: the zoom factor (the operator's "font
 * size") and the window's place and size. Pure functions only: reading a file a previous
 * version, a crash or a hand edit left must never stop the app or put the window off-screen.
 */

export type ZoomStep = 'in' | 'out' | 'reset'

/** Chromium's own zoom steps between 50 % and 200 % (beyond that the grid is unusable). */
export const ZOOM_LEVELS = [0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const
export const ZOOM_MIN = ZOOM_LEVELS[0]
export const ZOOM_MAX = ZOOM_LEVELS[ZOOM_LEVELS.length - 1] as number

export interface Bounds {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  zoomFactor: number
  /** The window's normal (not maximised) bounds; null until it was first closed. */
  bounds: Bounds | null
  maximized: boolean
}

export const DEFAULT_WINDOW_STATE: WindowState = { zoomFactor: 1, bounds: null, maximized: false }

/** Absurd sizes are refused rather than clamped: they mean the file is not ours. */
const MAX_COORD = 100_000

export function clampZoom(z: number): number {
  if (!Number.isFinite(z)) return 1
  return Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, Math.round(z * 100) / 100))
}

/** The next zoom step from the current factor (which Ctrl+wheel may have left between steps). */
export function nextZoom(current: number, step: ZoomStep): number {
  if (step === 'reset') return 1
  const z = clampZoom(current)
  if (step === 'in') return ZOOM_LEVELS.find((level) => level > z + 0.001) ?? ZOOM_MAX
  return [...ZOOM_LEVELS].reverse().find((level) => level < z - 0.001) ?? ZOOM_MIN
}

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
}

function parseBounds(raw: unknown): Bounds | null {
  if (typeof raw !== 'object' || raw === null) return null
  const b = raw as Record<string, unknown>
  if (!isInt(b.x, -MAX_COORD, MAX_COORD) || !isInt(b.y, -MAX_COORD, MAX_COORD)) return null
  if (!isInt(b.width, 1, MAX_COORD) || !isInt(b.height, 1, MAX_COORD)) return null
  return { x: b.x, y: b.y, width: b.width, height: b.height }
}

/** Whatever the file held (parsed JSON or not): each field valid, or its default. Never throws. */
export function parseWindowState(raw: unknown): WindowState {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ...DEFAULT_WINDOW_STATE }
  const r = raw as Record<string, unknown>
  return {
    zoomFactor: typeof r.zoomFactor === 'number' && Number.isFinite(r.zoomFactor) ? clampZoom(r.zoomFactor) : 1,
    bounds: parseBounds(r.bounds),
    maximized: r.maximized === true
  }
}

export function serializeWindowState(state: WindowState): string {
  return `${JSON.stringify({ version: 1, zoomFactor: state.zoomFactor, bounds: state.bounds, maximized: state.maximized }, null, 2)}\n`
}

/** How much of the window's top edge must lie on a screen for it to be reachable with the mouse. */
const GRAB_WIDTH = 120
const GRAB_HEIGHT = 40

/**
 * Where to open the window given the screens there are now (a projector or second monitor may be
 * gone): the saved size shrunk to fit the largest screen and at least the minimum size; the saved
 * position only when its title bar lies on a screen, otherwise none (the window is centred).
 */
export function fitBounds(
  saved: Bounds,
  workAreas: readonly Bounds[],
  minimum: { width: number; height: number }
): { width: number; height: number; x?: number; y?: number } {
  const maxWidth = Math.max(minimum.width, ...workAreas.map((a) => a.width))
  const maxHeight = Math.max(minimum.height, ...workAreas.map((a) => a.height))
  const width = Math.min(maxWidth, Math.max(minimum.width, saved.width))
  const height = Math.min(maxHeight, Math.max(minimum.height, saved.height))
  // The title strip must overlap a screen by GRAB_WIDTH and sit wholly inside it vertically.
  const reachable = workAreas.some((a) => {
    const overlap = Math.min(saved.x + width, a.x + a.width) - Math.max(saved.x, a.x)
    return overlap >= Math.min(GRAB_WIDTH, width) && saved.y >= a.y && saved.y + GRAB_HEIGHT <= a.y + a.height
  })
  return reachable ? { width, height, x: saved.x, y: saved.y } : { width, height }
}
