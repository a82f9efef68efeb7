#!/usr/bin/env node
// The `cermat` command: the built CLI (npm install builds it through the `prepare` script).
const path = require('node:path')
const fs = require('node:fs')
const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js')
if (!fs.existsSync(cli)) {
  process.stderr.write('Cermat belum dibangun. Jalankan: npm install (atau npm run build)\n')
  process.exit(2)
}
process.env.CERMAT_CLI_MAIN = '1'
require(cli)
