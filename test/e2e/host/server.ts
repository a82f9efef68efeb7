/**
 * The test host (ARCHITECTURE.md): the real engine worker and the real host handlers, the built
 * renderer (out/renderer, byte for byte what Electron loads) served on 127.0.0.1 with a random
 * port and token, and `window.cermat` defined over a WebSocket by an injected script.
 * Only what Electron gives the app differs: folder/save dialogs and OS key protection are doubles.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'

import { type WebSocket, WebSocketServer } from 'ws'

import { EngineClient } from '../../../electron/engine-host/client'
import { createHostHandlers, type Dialogs } from '../../../electron/engine-host/host'
import type { OsProtector } from '../../../electron/engine-host/key-store'
import { forkParser } from '../../../electron/engine-host/parse-fork'
import { ParsePool } from '../../../electron/engine-host/parse-pool'
import { workspaceDataKey } from '../../../electron/engine-host/workspace-key'
import { METHOD_NAMES } from '../../../shared/api/contract'
import { createRouter } from '../../../shared/api/router'
import type { ProgressEvent } from '../../../shared/api/types'
import { decode, encode } from './codec'

const ROOT = resolve(__dirname, '../../..')
/** The test host's workspace passphrase when CERMAT_PASSPHRASE is not set. */
export const TEST_PASSPHRASE = 'frasa-sandi-uji'

export interface TestHostOptions {
  /** Folder for user data (recent list, key, demo workspace). */
  userDataDir: string
  /** What the "choose folder" dialog answers. */
  workspaceDir: string
  /** Where the "save" dialog puts packages. */
  exportDir: string
  rendererDir?: string
  locale?: 'id' | 'en'
}

export interface TestHost {
  url: string
  engine: EngineClient
  stop(): Promise<void>
}

/** Stands in for safeStorage/DPAPI: a key that lives as long as the test host. */
function testOsProtector(): OsProtector {
  const key = randomBytes(32)
  return {
    async wrap(secret) {
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([c.update(secret), c.final()])
      return new Uint8Array(Buffer.concat([iv, c.getAuthTag(), body]))
    },
    async unwrap(wrapped) {
      const b = Buffer.from(wrapped)
      const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12))
      d.setAuthTag(b.subarray(12, 28))
      return new Uint8Array(Buffer.concat([d.update(b.subarray(28)), d.final()]))
    }
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

export async function startTestHost(opts: TestHostOptions): Promise<TestHost> {
  const rendererDir = resolve(opts.rendererDir ?? join(ROOT, 'out/renderer'))
  const token = randomBytes(16).toString('hex')
  const sockets = new Set<WebSocket>()
  // Files are read in parse processes as in the app (there utilityProcess, here child processes).
  const parser = new ParsePool({
    start: forkParser(join(ROOT, 'out/main/parse-child.js')),
    sha256: (data) => createHash('sha256').update(data).digest('hex'),
    size: 2
  })
  const engine = new EngineClient({
    parser,
    workerPath: join(ROOT, 'out/main/engine-worker.js'),
    init: { appVersion: '0.0.0-test', defaultOperator: 'operator-uji' },
    onProgress: (event: ProgressEvent) => {
      for (const s of sockets) s.send(encode({ kind: 'progress', event }))
    },
    // Workspaces are encrypted under a passphrase here, as in the CLI (the OS double above lives only as long as this host).
    dataKey: (location, unlock) =>
      workspaceDataKey(location, {
        os: null,
        passphrase: async () => unlock?.passphrase ?? process.env.CERMAT_PASSPHRASE ?? TEST_PASSPHRASE,
        recoveryCode: async () => unlock?.recoveryCode
      })
  })
  const dialogs: Dialogs = {
    chooseFolder: async () => opts.workspaceDir,
    saveFile: async (name) => join(opts.exportDir, name)
  }
  const host = createHostHandlers({
    engine,
    dialogs,
    userDataDir: opts.userDataDir,
    demoDir: join(ROOT, 'resources/demo'),
    appVersion: '0.0.0-test',
    platform: process.platform,
    locale: opts.locale ?? 'id',
    osProtector: testOsProtector(),
    now: () => new Date(),
    // As Electron main's desktop.notify: the bridge hands it to onShellEvent listeners.
    notify: (event) => {
      for (const s of sockets) s.send(encode({ kind: 'shell', event }))
    },
    delivery: { retryAfter: () => 200, retryDelays: [0] }
  })
  const route = createRouter({ host, engine: (method, args) => engine.call(method, args) })
  const bridge = (await fs.readFile(join(__dirname, 'bridge.js'), 'utf8'))
    .replace('__METHODS__', JSON.stringify(METHOD_NAMES))
    .replace('__TOKEN__', token)

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void serve(req, res).catch(() => {
      res.writeHead(500).end()
    })
  })
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname === '/__cermat/bridge.js') {
      res.writeHead(200, { 'content-type': TYPES['.js']!, 'cache-control': 'no-store' }).end(bridge)
      return
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1))
    const file = normalize(join(rendererDir, rel))
    if (!file.startsWith(rendererDir + sep)) {
      res.writeHead(403).end()
      return
    }
    let body: Buffer
    try {
      body = await fs.readFile(file)
    } catch {
      res.writeHead(404).end()
      return
    }
    if (rel === 'index.html') {
      // The one difference from Electron: the bridge script comes before the app's own scripts.
      body = Buffer.from(body.toString('utf8').replace('<head>', '<head>\n    <script src="/__cermat/bridge.js"></script>'))
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body)
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 80 * 1024 * 1024 })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/__cermat/ws' || url.searchParams.get('token') !== token) {
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', () => sockets.delete(ws))
      ws.on('message', (data) => {
        const msg = decode(String(data)) as { id: number; method: unknown; args: unknown }
        void route(msg.method, msg.args).then((result) => ws.send(encode({ kind: 'reply', id: msg.id, result })))
      })
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    engine,
    async stop() {
      for (const s of sockets) s.close()
      wss.close()
      await new Promise<void>((r) => server.close(() => r()))
      await engine.stop()
      parser.close()
    }
  }
}
