// `npm start`: build, then open the Cermat desktop app on the demo workspace.
// Where no window can be opened (the Electron binary is absent and cannot be downloaded, or there
// is no display), say why in plain words and run Cermat's main job headless instead:
// `cermat check` on the bundled demo data.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const node = process.execPath
const run = (args, opts = {}) => spawnSync(node, args, { cwd: root, stdio: 'inherit', ...opts })

const build = run([join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
if (build.status !== 0) {
  console.error('Cermat tidak dapat dibangun (lihat pesan di atas). / Cermat could not be built (see above).')
  process.exit(build.status ?? 1)
}

/** The Electron binary, downloading it the way `electron` does on first use; or why there is none. */
function electronBinary() {
  const dir = join(root, 'node_modules/electron')
  const installed = () => {
    const pathFile = join(dir, 'path.txt')
    if (!existsSync(pathFile)) return null
    const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8'))
    return existsSync(exe) ? exe : null
  }
  const have = installed()
  if (have) return { exe: have }
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD diset / is set' }
  console.log('Mengunduh Electron (sekali saja)… / Downloading Electron (once)…')
  const install = spawnSync(node, [join(dir, 'install.js')], { cwd: root, encoding: 'utf8', timeout: 15 * 60_000 })
  const exe = installed()
  if (install.status === 0 && exe) return { exe }
  const why = `${install.stderr ?? ''}`
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /ENOTFOUND|ECONN|ETIMEDOUT|fetch failed|403|404|EAI_AGAIN|certificate/i.test(l))
  return { reason: why ? `unduhan gagal / download failed: ${why}` : 'unduhan gagal / download failed' }
}

const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
const electron = noDisplay ? { reason: 'tidak ada layar (DISPLAY) / no display' } : electronBinary()

if (electron.exe) {
  const app = spawn(electron.exe, [root, '--open-demo'], { cwd: root, stdio: 'inherit' })
  app.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log(`
Cermat tidak dapat membuka jendela aplikasi di komputer ini: ${electron.reason}.
Di komputer kantor (Windows/Linux dengan layar dan internet), perintah yang sama membuka aplikasi
dengan ruang kerja contoh. Di sini, berikut pekerjaan utama Cermat tanpa layar:
pemeriksaan file desa contoh terhadap data induk (cermat check).

Cermat cannot open its window on this machine (${electron.reason}). On an office PC with a display
and internet, the same command opens the app on the demo workspace. Here is the main job, headless:
`)
  const villages = readdirSync(join(root, 'resources/demo/desa'))
    .sort()
    .map((f) => join('resources/demo/desa', f))
  const check = run(['bin/cermat.js', 'check', '--master', 'resources/demo/master-dtsen.xlsx', '--out', 'out/demo-report', ...villages])
  process.exit(check.status ?? 1)
}
