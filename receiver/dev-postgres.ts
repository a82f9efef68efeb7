/**
 * A throwaway PostgreSQL for `cermat receiver dev` and the tests: initdb in a temp folder, pg_ctl
 * on a free loopback port, removed on stop. initdb refuses root, so as root the server runs as the
 * `postgres` user (runuser); as anyone else, directly. Never for real data (fsync is off).
 */
import { execFile } from 'node:child_process'
import { existsSync, promises as fs, readdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface DevPostgres {
  url: string
  port: number
  dir: string
  stop(): Promise<void>
}

/** The newest Debian PostgreSQL bin folder, or '' to rely on PATH. */
export function postgresBin(): string {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return ''
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? join(base, versions[0], 'bin') : ''
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

export async function startDevPostgres(): Promise<DevPostgres> {
  const bin = postgresBin()
  const tool = (name: string) => (bin ? join(bin, name) : name)
  const asRoot = process.getuid?.() === 0
  const exec = (file: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args))
  const dir = await fs.mkdtemp(join(tmpdir(), 'cermat-pg-'))
  const data = join(dir, 'data')
  if (asRoot) await run('chown', ['postgres', dir])
  try {
    await exec(tool('initdb'), ['-D', data, '-A', 'trust', '-U', 'cermat', '-E', 'UTF8', '--locale=C', '--no-sync'])
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true })
    throw new Error(
      `initdb gagal (${err instanceof Error ? err.message : String(err)}); pasang PostgreSQL: apt-get install -y postgresql`,
      { cause: err }
    )
  }
  // A free port can be taken between the probe and the start: try a few.
  let lastError: unknown
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort()
    try {
      await exec(tool('pg_ctl'), [
        '-D',
        data,
        '-w',
        '-t',
        '120',
        '-l',
        join(dir, 'log'),
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
        'start'
      ])
      let stopped = false
      return {
        url: `postgres://cermat@127.0.0.1:${port}/postgres`,
        port,
        dir,
        stop: async () => {
          if (stopped) return
          stopped = true
          await exec(tool('pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined)
          await fs.rm(dir, { recursive: true, force: true })
        }
      }
    } catch (err) {
      lastError = err
    }
  }
  await fs.rm(dir, { recursive: true, force: true })
  throw new Error(`PostgreSQL tidak dapat dijalankan: ${lastError instanceof Error ? lastError.message : String(lastError)}`, {
    cause: lastError
  })
}
