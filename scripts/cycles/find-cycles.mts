/** Import cycles of a module graph: its strongly connected components, each as one cycle path. */

/** A cycle as a path of modules, the first repeated at the end (a → b → a). */
export type Cycle = string[]

/** Every group of modules that import each other (Tarjan), each shown as one cycle through it. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): Cycle[] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const groups: string[][] = []
  let next = 0

  // Iterative, so a long import chain cannot overflow the call stack.
  for (const root of [...graph.keys()].sort()) {
    if (index.has(root)) continue
    const work: { node: string; edge: number }[] = [{ node: root, edge: 0 }]
    index.set(root, next)
    low.set(root, next++)
    stack.push(root)
    onStack.add(root)
    while (work.length > 0) {
      const frame = work.at(-1)!
      const edges = graph.get(frame.node) ?? []
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!
        if (!index.has(to)) {
          index.set(to, next)
          low.set(to, next++)
          stack.push(to)
          onStack.add(to)
          work.push({ node: to, edge: 0 })
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!))
        }
        continue
      }
      work.pop()
      const parent = work.at(-1)
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!))
      if (low.get(frame.node) !== index.get(frame.node)) continue
      const group: string[] = []
      for (;;) {
        const n = stack.pop()!
        onStack.delete(n)
        group.push(n)
        if (n === frame.node) break
      }
      const selfLoop = group.length === 1 && (graph.get(group[0]!) ?? []).includes(group[0]!)
      if (group.length > 1 || selfLoop) groups.push(group)
    }
  }
  return groups.map((g) => cycleThrough(graph, new Set(g))).sort((a, b) => a[0]!.localeCompare(b[0]!))
}

/** The shortest way from the group's first module (by name) back to itself, inside the group. */
function cycleThrough(graph: ReadonlyMap<string, readonly string[]>, group: Set<string>): Cycle {
  const start = [...group].sort()[0]!
  const cameFrom = new Map<string, string>()
  const queue = [start]
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!
    for (const to of graph.get(node) ?? []) {
      if (!group.has(to)) continue
      if (to === start) {
        const back: string[] = []
        for (let n: string | undefined = node; n !== undefined && n !== start; n = cameFrom.get(n)) back.push(n)
        return [start, ...back.reverse(), start]
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node)
        queue.push(to)
      }
    }
  }
  return [start, start]
}
