// The tests use Debian programs, never downloaded builds: Chromium (the end-to-end tests),
// PostgreSQL (the receiver's tests start a real server) and poppler's pdftotext (the berita acara
// PDF is read back as text). Install what is missing when this user may
// (root, or sudo without a password); otherwise say how.
import { execSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const pgRoot = '/usr/lib/postgresql'
const hasPostgres = () => existsSync(pgRoot) && readdirSync(pgRoot).some((v) => existsSync(`${pgRoot}/${v}/bin/initdb`))
const missing = () => [
  ...(existsSync(chromium) ? [] : ['chromium']),
  ...(hasPostgres() ? [] : ['postgresql']),
  ...(existsSync('/usr/bin/pdftotext') ? [] : ['poppler-utils'])
]

const wanted = missing()
if (wanted.length === 0) process.exit(0)

const root = process.getuid?.() === 0
const sudo = !root && spawnSync('sudo', ['-n', 'true']).status === 0
if (!root && !sudo) {
  console.error(
    `Belum terpasang: ${wanted.join(', ')}. Pasang: sudo apt-get install -y ${wanted.join(' ')} (Chromium di tempat lain: setel CHROMIUM_PATH).`
  )
  process.exit(1)
}
const prefix = root ? '' : 'sudo -n '
console.log(`Memasang ${wanted.join(', ')} dari Debian untuk pengujian… / Installing ${wanted.join(', ')} from Debian for the tests…`)
execSync(`${prefix}apt-get update -qq && ${prefix}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${wanted.join(' ')}`, {
  stdio: 'inherit'
})
const still = missing()
if (still.length > 0) {
  console.error(
    `Terpasang tetapi tidak ditemukan: ${still.join(', ')} (Chromium di ${chromium}, initdb di ${pgRoot}/*/bin, /usr/bin/pdftotext).`
  )
  process.exit(1)
}
