/**
 * `npm run lint:cycles`: fails when modules of shared/, electron/ or renderer/ import each other
 * in a circle. Our own check rather than madge or eslint's import/no-cycle: it resolves imports
 * exactly as the compiler does (tsconfig paths, bundler resolution), counts `import type` too (a
 * type cycle is still two modules that cannot be understood apart), adds no dependency, and runs
 * in about a second where import/no-cycle takes most of a lint run.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

import ts from 'typescript'

import { findCycles } from './find-cycles.mts'

const ROOT = resolve(import.meta.dirname, '../..')
const FOLDERS = ['shared', 'electron', 'renderer']

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path)
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : []
  })
}

// The renderer's config knows the @shared/@renderer aliases; its resolution serves every folder.
const config = ts.getParsedCommandLineOfConfigFile(
  join(ROOT, 'tsconfig.web.json'),
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined }
)
if (!config) throw new Error('tsconfig.web.json could not be read')

const graph = new Map<string, string[]>()
for (const file of FOLDERS.flatMap((f) => sourceFiles(join(ROOT, f)))) {
  const imports = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles
  const targets = new Set<string>()
  for (const { fileName } of imports) {
    const resolved = ts.resolveModuleName(fileName, file, config.options, ts.sys).resolvedModule
    if (!resolved || resolved.isExternalLibraryImport || resolved.extension === '.d.ts') continue
    targets.add(relative(ROOT, resolved.resolvedFileName))
  }
  graph.set(relative(ROOT, file), [...targets].sort())
}

const fresh = findCycles(graph)
if (fresh.length === 0) {
  console.log(`No import cycles among ${graph.size} modules.`)
} else {
  console.error(`${fresh.length} import cycle(s): move what both sides need into a module of its own.`)
  for (const c of fresh) console.error(`  ${c.join(' → ')}`)
  process.exitCode = 1
}
