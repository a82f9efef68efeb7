// `npm run receiver:dev -- --port <p> [--enrol <public key file> …]`: a throwaway PostgreSQL and the
// receiver on 127.0.0.1:<p> (docs/delivery.md). Builds the CLI first when the sources are newer.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const built = join(root, 'out/main/cli.js')

function newest(dir) {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

const sources = Math.max(...['shared', 'electron', 'receiver'].map((d) => newest(join(root, d))))
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit']
  })
}
// Same process (no child): SIGTERM reaches the code that stops PostgreSQL. npm does not always
// pass SIGTERM on to its script; when npm goes away we are re-parented, and stop the same way.
const parent = process.ppid
const watch = setInterval(() => {
  if (process.ppid === parent) return
  clearInterval(watch)
  process.kill(process.pid, 'SIGTERM')
}, 500).unref()
const { main } = createRequire(import.meta.url)(built)
process.exitCode = await main(['receiver', 'dev', ...process.argv.slice(2)])
process.exit()
