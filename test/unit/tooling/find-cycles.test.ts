/** The import-cycle check of `npm run lint:cycles` (scripts/cycles). */
import { describe, expect, it } from 'vitest'

import { findCycles } from '../../../scripts/cycles/find-cycles.mts'

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges))

describe('findCycles', () => {
  it('finds none in a graph without cycles, however the modules share imports', () => {
    expect(findCycles(graph({ a: ['b', 'c'], b: ['c'], c: [], d: ['a', 'c'] }))).toEqual([])
  })

  it('shows a two-way import as one cycle starting at the first module by name', () => {
    expect(findCycles(graph({ 'views.ts': ['undo.ts'], 'undo.ts': ['views.ts'], 'db.ts': [] }))).toEqual([
      ['undo.ts', 'views.ts', 'undo.ts']
    ])
  })

  it('shows a longer circle by its shortest way round, and each separate circle once', () => {
    const cycles = findCycles(
      graph({
        a: ['b'],
        b: ['c', 'x'],
        c: ['a', 'b'],
        x: ['y'],
        y: ['x'],
        z: ['z']
      })
    )
    expect(cycles).toEqual([
      ['a', 'b', 'c', 'a'],
      ['x', 'y', 'x'],
      ['z', 'z']
    ])
  })

  it('follows a long chain without running out of stack', () => {
    const n = 50_000
    const edges: Record<string, string[]> = {}
    for (let i = 0; i < n; i++) edges[`m${i}`] = [`m${i + 1}`]
    edges[`m${n}`] = ['m0']
    const [cycle] = findCycles(graph(edges))
    expect(cycle).toHaveLength(n + 2)
    expect(cycle![0]).toBe(cycle!.at(-1))
  })
})
