// The end-to-end tests drive Debian's Chromium (never a downloaded browser). Install it when it is
// missing and this user may (root, or sudo without a password); otherwise say how.
import { execSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (existsSync(path)) process.exit(0)

const root = process.getuid?.() === 0
const sudo = !root && spawnSync('sudo', ['-n', 'true']).status === 0
if (!root && !sudo) {
  console.error(`Chromium tidak ditemukan di ${path}. Pasang: sudo apt-get install -y chromium (atau setel CHROMIUM_PATH).`)
  process.exit(1)
}
const prefix = root ? '' : 'sudo -n '
console.log('Memasang Chromium dari Debian untuk uji end-to-end… / Installing Debian Chromium for the e2e tests…')
execSync(`${prefix}apt-get update -qq && ${prefix}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`, { stdio: 'inherit' })
if (!existsSync(path)) {
  console.error(`Chromium terpasang tetapi tidak ada di ${path}.`)
  process.exit(1)
}
