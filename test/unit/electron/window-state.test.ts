import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import {
  clampZoom,
  DEFAULT_WINDOW_STATE,
  fitBounds,
  nextZoom,
  parseWindowState,
  serializeWindowState,
  ZOOM_LEVELS
} from '../../../electron/main/window-state'
import { readWindowState, WINDOW_STATE_FILE, writeWindowState } from '../../../electron/main/window-state-file'

describe('zoom steps', () => {
  it("steps through Chromium's levels and stops at 50 % and 200 %", () => {
    expect(nextZoom(1, 'in')).toBe(1.1)
    expect(nextZoom(1, 'out')).toBe(0.9)
    expect(nextZoom(1.75, 'reset')).toBe(1)
    expect(nextZoom(2, 'in')).toBe(2)
    expect(nextZoom(0.5, 'out')).toBe(0.5)
    let z = 0.5
    const seen = [z]
    while (nextZoom(z, 'in') !== z) seen.push((z = nextZoom(z, 'in')))
    expect(seen).toEqual([...ZOOM_LEVELS])
  })

  it('a factor between steps (Ctrl+wheel, an old file) goes to the neighbouring step', () => {
    expect(nextZoom(1.2, 'in')).toBe(1.25)
    expect(nextZoom(1.2, 'out')).toBe(1.1)
    expect(nextZoom(9, 'out')).toBe(1.75)
  })

  it('clamps and rounds', () => {
    expect(clampZoom(0.1)).toBe(0.5)
    expect(clampZoom(7)).toBe(2)
    expect(clampZoom(1.23456)).toBe(1.23)
    expect(clampZoom(Number.NaN)).toBe(1)
  })
})

describe('parseWindowState', () => {
  it('reads what serializeWindowState wrote', () => {
    const state = { zoomFactor: 1.25, bounds: { x: -1280, y: 0, width: 1280, height: 720 }, maximized: true }
    expect(parseWindowState(JSON.parse(serializeWindowState(state)))).toEqual(state)
  })

  it('falls back field by field on anything it does not trust, never throwing', () => {
    expect(parseWindowState(null)).toEqual(DEFAULT_WINDOW_STATE)
    expect(parseWindowState([1, 2])).toEqual(DEFAULT_WINDOW_STATE)
    expect(parseWindowState('x')).toEqual(DEFAULT_WINDOW_STATE)
    expect(parseWindowState({ zoomFactor: '2', maximized: 'yes' })).toEqual(DEFAULT_WINDOW_STATE)
    expect(parseWindowState({ zoomFactor: 40 }).zoomFactor).toBe(2)
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: 0, height: 600 } }).bounds).toBeNull()
    expect(parseWindowState({ bounds: { x: 0.5, y: 0, width: 800, height: 600 } }).bounds).toBeNull()
    expect(parseWindowState({ bounds: { x: 1e9, y: 0, width: 800, height: 600 } }).bounds).toBeNull()
    expect(parseWindowState({ zoomFactor: 0.8, bounds: 'left', maximized: true })).toEqual({
      zoomFactor: 0.8,
      bounds: null,
      maximized: true
    })
  })
})

describe('fitBounds', () => {
  const laptop = { x: 0, y: 0, width: 1366, height: 728 }
  const min = { width: 1000, height: 600 }

  it('keeps a place that is on a screen', () => {
    expect(fitBounds({ x: 30, y: 20, width: 1200, height: 700 }, [laptop], min)).toEqual({ x: 30, y: 20, width: 1200, height: 700 })
  })

  it('drops the position when its screen is gone (the window is centred), keeping the size', () => {
    const onSecondMonitor = { x: 1400, y: 100, width: 1200, height: 700 }
    expect(fitBounds(onSecondMonitor, [laptop], min)).toEqual({ width: 1200, height: 700 })
    const second = { x: 1366, y: 0, width: 1920, height: 1040 }
    expect(fitBounds(onSecondMonitor, [laptop, second], min)).toEqual({ x: 1400, y: 100, width: 1200, height: 700 })
  })

  it('a title bar above the screen, or only a sliver on it, is not reachable', () => {
    expect(fitBounds({ x: 10, y: -50, width: 1200, height: 700 }, [laptop], min)).not.toHaveProperty('x')
    expect(fitBounds({ x: 1300, y: 10, width: 1200, height: 700 }, [laptop], min)).not.toHaveProperty('x')
    expect(fitBounds({ x: 10, y: 700, width: 1200, height: 700 }, [laptop], min)).not.toHaveProperty('x')
  })

  it('shrinks a size larger than any screen and grows one below the minimum', () => {
    expect(fitBounds({ x: 0, y: 0, width: 3000, height: 2000 }, [laptop], min)).toEqual({ x: 0, y: 0, width: 1366, height: 728 })
    expect(fitBounds({ x: 0, y: 0, width: 300, height: 200 }, [laptop], min)).toEqual({ x: 0, y: 0, width: 1000, height: 600 })
  })
})

describe('window-state.json', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('round-trips, replaces the file whole and leaves no temp file', () => {
    dir = mkdtempSync(join(tmpdir(), 'cermat-ws-'))
    expect(readWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE)
    const state = { zoomFactor: 1.1, bounds: { x: 5, y: 6, width: 1100, height: 650 }, maximized: false }
    writeWindowState(dir, state)
    writeWindowState(dir, { ...state, zoomFactor: 1.25 })
    expect(readWindowState(dir)).toEqual({ ...state, zoomFactor: 1.25 })
    expect(readdirSync(dir)).toEqual([WINDOW_STATE_FILE])
    expect(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'))).toMatchObject({ version: 1 })
  })

  it('a damaged file means the defaults', () => {
    dir = mkdtempSync(join(tmpdir(), 'cermat-ws-'))
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"zoomFactor": 1.5, "bou')
    expect(readWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE)
  })

  it('creates userData when it does not exist yet (first run)', () => {
    dir = mkdtempSync(join(tmpdir(), 'cermat-ws-'))
    const nested = join(dir, 'Cermat')
    writeWindowState(nested, { ...DEFAULT_WINDOW_STATE, zoomFactor: 0.9 })
    expect(readWindowState(nested).zoomFactor).toBe(0.9)
  })
})
