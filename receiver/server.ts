/**
 * The receiver over HTTP (node:http): tus uploads at /files/ (@tus/server, files on disk so an
 * upload survives a restart), the verdict of a finished upload at /tanda-terima/<upload id>
 * (signed receipt, or the refusal with its reason), the Dinas's public key at /kunci, the
 * overview page at / and the Excel export at /ekspor?kecamatan=…[&desa=…].
 */
import { promises as fs } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'

import { FileStore } from '@tus/file-store'
import { Server as TusServer } from '@tus/server'

import { acceptPackage, type Outcome } from './accept'
import type { Pool } from './db'
import type { DinasKey } from './dinas-key'
import { exportChanges } from './export'
import { renderPage } from './page'

/** A month of a kecamatan is ~50 KB; far larger uploads are refused before they fill the disk. */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024

export interface ReceiverOptions {
  pool: Pool
  dataDir: string
  key: DinasKey
  port: number
  host?: string
  name?: string
  log?: (s: string) => void
}

export interface RunningReceiver {
  url: string
  port: number
  /** Stops listening and cuts open connections (a restart test relies on the cut). */
  close(): Promise<void>
}

const ID = /^[A-Za-z0-9_-]{1,128}$/

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

export function outcomeResponse(o: Outcome): { status: number; body: unknown } {
  if (o.status === 'accepted')
    return { status: 200, body: { status: 'DITERIMA', packageSha256: o.packageSha256, duplicate: o.duplicate, ...o.receipt } }
  return {
    status: 422,
    body: { status: o.status === 'quarantined' ? 'DIKARANTINA' : 'DITOLAK', code: o.code, reason: o.reason, packageSha256: o.packageSha256 }
  }
}

export async function startReceiver(opts: ReceiverOptions): Promise<RunningReceiver> {
  const uploads = join(opts.dataDir, 'uploads')
  await fs.mkdir(uploads, { recursive: true })
  const store = new FileStore({ directory: uploads })
  const log = opts.log ?? (() => undefined)
  const name = opts.name ?? 'Dinas Sosial'

  const verdict = async (id: string): Promise<{ status: number; body: unknown }> => {
    let upload
    try {
      upload = await store.getUpload(id)
    } catch {
      return { status: 404, body: { status: 'TIDAK_ADA', reason: `unggahan ${id} tidak dikenal penerima` } }
    }
    if (upload.size === undefined || upload.offset !== upload.size) {
      return {
        status: 409,
        body: {
          status: 'BELUM_LENGKAP',
          reason: `unggahan belum lengkap (${upload.offset} dari ${upload.size ?? '?'} byte)`,
          offset: upload.offset
        }
      }
    }
    const bytes = new Uint8Array(await fs.readFile(join(uploads, id)))
    const outcome = await acceptPackage(opts.pool, bytes, { key: opts.key, receiverName: name })
    log(`${id}: ${outcome.status}${outcome.status === 'accepted' ? '' : ` — ${outcome.reason}`}`)
    return outcomeResponse(outcome)
  }

  const tus = new TusServer({
    path: '/files',
    datastore: store,
    maxSize: MAX_UPLOAD_BYTES,
    relativeLocation: true,
    // Verified as soon as the last byte lands; the sender still asks /tanda-terima for the verdict,
    // so a lost response or a crash here only delays it.
    onUploadFinish: async (_req, upload) => {
      await verdict(upload.id).catch((err: unknown) =>
        log(`${upload.id}: belum diproses (${err instanceof Error ? err.message : String(err)})`)
      )
      return {}
    }
  })

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    if (path === '/files' || path.startsWith('/files/')) {
      void tus.handle(req, res).catch(() => res.destroy())
      return
    }
    void (async () => {
      if (req.method === 'GET' && path.startsWith('/tanda-terima/')) {
        const id = path.slice('/tanda-terima/'.length)
        if (!ID.test(id)) return send(res, 400, { status: 'TIDAK_ADA', reason: 'nomor unggahan tidak sah' })
        const r = await verdict(id)
        return send(res, r.status, r.body)
      }
      if (req.method === 'GET' && path === '/kunci') return send(res, 200, { name, publicKey: opts.key.publicKey, keyId: opts.key.keyId })
      if (req.method === 'GET' && path === '/') return send(res, 200, await renderPage(opts.pool, name), 'text/html; charset=utf-8')
      if (req.method === 'GET' && path === '/ekspor') {
        const q = new URL(req.url ?? '/', 'http://x').searchParams
        const kecamatan = q.get('kecamatan')
        if (!kecamatan) return send(res, 400, { reason: 'sebutkan kecamatan' })
        const x = await exportChanges(opts.pool, kecamatan, q.get('desa'))
        res.writeHead(200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="${x.fileName}"`,
          'content-length': x.bytes.length,
          'cache-control': 'no-store'
        })
        res.end(x.bytes)
        return
      }
      send(res, 404, { reason: 'tidak ada' })
    })().catch((err: unknown) => {
      log(`kesalahan: ${err instanceof Error ? err.message : String(err)}`)
      if (!res.headersSent) send(res, 503, { status: 'GAGAL', reason: 'penerima sedang bermasalah; coba lagi nanti' })
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
