/**
 * Some tests run the built engine worker and CLI in real child processes (crash tests, CLI
 * contract). Build them when the sources are newer than out/, so `vitest` alone works too.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..')

function newest(dir: string): number {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

export default function setup(): void {
  const built = join(root, 'out/main/cli.js')
  const sources = Math.max(newest(join(root, 'shared')), newest(join(root, 'electron')), newest(join(root, 'receiver')))
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return
  execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
}
