/**
 * The engine worker thread (started by Electron main and by the test host): owns the open
 * workspace, runs the engine off the UI thread, reports progress, and snapshots when idle.
 */
import { mkdir } from 'node:fs/promises'
import { parentPort, workerData } from 'node:worker_threads'

import { fail, type Result, toResult } from '../../shared/api/result'
import { dispatchEngine } from '../../shared/engine/dispatch'
import { Engine, IMPORTED_ROWS_PER_SNAPSHOT } from '../../shared/engine/engine'
import { cermatError } from '../../shared/engine/errors'
import { buildBeritaAcara } from '../../shared/engine/outputs/berita-acara'
import { beritaAcaraPdf } from '../../shared/engine/outputs/berita-acara-pdf'
import type { Signer } from '../../shared/engine/ports'
import { openEncrypted } from '../../shared/engine/store/encryption'
import { dataCipher } from './data-cipher'
import { verifyEd25519 } from './key-store'
import { acquireLock } from './lock'
import { loadSql, nowIso, randomId, sha256 } from './node-ports'
import { NodeStorage } from './node-storage'
import { openParcel } from './parse-pack'
import type { BeritaAcaraMade, FromWorker, HostRequest, HostResponse, ToWorker, WorkerInit } from './protocol'

const IDLE_CHECKPOINT_MS = 10_000
if (!parentPort) throw new Error('engine-worker must run as a worker thread')
const port = parentPort
const init = workerData as WorkerInit

let engine: Engine | null = null
let release: (() => Promise<void>) | null = null
let idleTimer: ReturnType<typeof setTimeout> | undefined
let hostSeq = 0
const pendingHost = new Map<number, (r: Result<unknown>) => void>()

const send = (m: FromWorker) => port.postMessage(m)

function askHost<K extends HostRequest['op']>(request: Extract<HostRequest, { op: K }>): Promise<HostResponse[K]> {
  const id = ++hostSeq
  return new Promise((resolve, reject) => {
    pendingHost.set(id, (r) => (r.ok ? resolve(r.value as HostResponse[K]) : reject(cermatError(r.error.code, r.error.details ?? {}))))
    send({ kind: 'hostRequest', id, request })
  })
}

const hostSigner: Signer = {
  identity: () => askHost({ op: 'identity' }),
  sign: (data) => askHost({ op: 'sign', data })
}

function scheduleIdleCheckpoint(): void {
  clearTimeout(idleTimer)
  idleTimer = setTimeout(() => void engine?.checkpointIfDirty().catch(() => undefined), IDLE_CHECKPOINT_MS)
  idleTimer.unref?.()
}

async function closeWorkspace(): Promise<void> {
  clearTimeout(idleTimer)
  const open = engine
  engine = null
  if (open) await open.close()
  if (release) await release()
  release = null
}

async function open(location: string, key: Uint8Array, name?: string): Promise<unknown> {
  await closeWorkspace()
  const disk = new NodeStorage(location)
  await mkdir(disk.location, { recursive: true, mode: 0o700 })
  const unlock = await acquireLock(disk.location)
  try {
    await disk.restrictAccess()
    // Encrypted at rest; an older clear workspace is encrypted in place first (encryption.ts).
    const { storage } = await openEncrypted(disk, dataCipher(key))
    engine = await Engine.open(
      {
        sql: await loadSql(),
        storage,
        now: () => nowIso(),
        sha256,
        randomId,
        defaultOperator: init.defaultOperator,
        appVersion: init.appVersion,
        progress: (event) => send({ kind: 'progress', event }),
        // Untrusted files are read in the host's parse processes (killable, capped), not in this thread.
        ...(init.parseInHost
          ? // Unpacked here, not in main: what crosses the threads is the parse process's typed arrays (parse-pack.ts).
            {
              parser: {
                parse: async (bytes, fileName, limits) => openParcel(await askHost({ op: 'parse', bytes, fileName, limits }), fileName)
              }
            }
          : {})
      },
      {
        ...(name ? { name } : {}),
        ...(init.checkpointEvery ? { checkpointEvery: init.checkpointEvery } : {}),
        checkpointAfterRows: init.checkpointAfterRows ?? IMPORTED_ROWS_PER_SNAPSHOT
      }
    )
  } catch (err) {
    await unlock()
    throw err
  }
  release = unlock
  return engine.info()
}

port.on('message', (msg: ToWorker) => {
  switch (msg.kind) {
    case 'hostReply':
      pendingHost.get(msg.id)?.(msg.result)
      pendingHost.delete(msg.id)
      return
    case 'cancel':
      engine?.cancel(msg.taskId)
      return
    case 'open':
      void toResult(() => open(msg.location, msg.key, msg.name)).then((result) => send({ kind: 'reply', id: msg.id, result }))
      return
    case 'close':
      void toResult(async () => {
        await closeWorkspace()
        return null
      }).then((result) => send({ kind: 'reply', id: msg.id, result }))
      return
    case 'call':
      void toResult(() => dispatchEngine(engine, msg.method, msg.args)).then((result) => {
        send({ kind: 'reply', id: msg.id, result })
        scheduleIdleCheckpoint()
      })
      return
    case 'export':
      void toResult(async () => {
        if (!engine) throw cermatError('NO_WORKSPACE', {})
        return engine.exportPackage(msg.desa, hostSigner, (bytes, suggestedName) => askHost({ op: 'save', bytes, suggestedName }), {
          all: msg.all === true
        })
      }).then((result) => send({ kind: 'reply', id: msg.id, result }))
      return
    case 'beritaAcara':
      void toResult(async () => {
        if (!engine) throw cermatError('NO_WORKSPACE', {})
        // Verified and drawn here: a month's PDF takes seconds, which would freeze main's window.
        const model = buildBeritaAcara(msg.zip, msg.fileName, await engine.info(), msg.date, { sha256, verifyEd25519 })
        return { model, pdf: msg.pdf ? await beritaAcaraPdf(model) : null } satisfies BeritaAcaraMade
      }).then((result) => send({ kind: 'reply', id: msg.id, result }))
      return
    case 'receipt':
      void toResult(async () => {
        if (!engine) throw cermatError('NO_WORKSPACE', {})
        return engine.recordReceipt(msg.record)
      }).then((result) => send({ kind: 'reply', id: msg.id, result }))
      return
    default: {
      const unknown = msg as { id?: number }
      if (typeof unknown.id === 'number') send({ kind: 'reply', id: unknown.id, result: fail('UNKNOWN_METHOD', 'Pesan tidak dikenal.') })
    }
  }
})
