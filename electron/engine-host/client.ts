/**
 * The host side of the engine worker: starts it, matches replies to requests by id, forwards
 * progress, answers the worker's requests for signing and saving, and — if the worker dies —
 * fails what was pending with ENGINE_UNAVAILABLE and reopens the workspace on the next call.
 */
import { createHash } from 'node:crypto'
import { Worker } from 'node:worker_threads'

import type { ArgsOf, EngineHandlers, EngineMethodName, ResultOf } from '../../shared/api/contract'
import { fail, type Result, toResult } from '../../shared/api/result'
import type { ExportResult, ProgressEvent, WorkspaceInfo } from '../../shared/api/types'
import type { ParsePort } from '../../shared/engine/import/parse-port'
import type { ReceiptRecord } from '../../shared/engine/package/export'
import type { Signer } from '../../shared/engine/ports'
import { type ParcelPort, parcelPort, type WorkbookParcel } from './parse-pack'
import type { BeritaAcaraMade, FromWorker, HostRequest, ToWorker, WorkerInit } from './protocol'
import { ReadAhead, type Reader } from './read-ahead'

type Outgoing = ToWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never
type Failure = Extract<Result<never>, { ok: false }>

/** Engine methods the client answers itself, without waiting for the worker. */
const LOCAL: Partial<EngineHandlers<EngineClient>> = {
  // Not queued behind the import it cancels: the worker sets the flag the import checks between phases.
  cancelTask: async (client, args) => {
    client.postCancel(args.taskId)
    return null
  },
  // Answered here, where the parse processes are: the worker only ever asks for the file it applies.
  readAhead: async (client, args) => {
    client.readAhead(args.files)
    return null
  }
}

/** Imports end with the engine's last read of their file. */
const IMPORTS = new Set<EngineMethodName>(['importMaster', 'importVillage'])

export interface ExportTarget {
  signer: Signer
  save(bytes: Uint8Array, suggestedName: string): Promise<{ fileName: string; location: string }>
}

export interface EngineClientOptions {
  workerPath: string
  init: WorkerInit
  onProgress(event: ProgressEvent): void
  /** The workspace's data key, unwrapped from its key.json (workspace-key.ts); asked again on each open. */
  dataKey(location: string, unlock?: Unlock): Promise<Uint8Array>
  /** Reads untrusted files for the worker (a parse pool of killable processes); the worker reads them itself when absent. */
  parser?: ParsePort | (ParsePort & ParcelPort)
  /** false: every read goes to `parser` as it comes, none ahead or kept (the import benchmark's "before"). */
  readAhead?: boolean
}

/** What the operator typed to open a workspace the OS cannot unwrap for them (the app's unlock dialog); never stored. */
export interface Unlock {
  passphrase?: string | undefined
  recoveryCode?: string | undefined
}

export class EngineClient {
  private readonly opts: EngineClientOptions
  private worker: Worker | null = null
  private seq = 0
  private readonly pending = new Map<number, (r: Result<unknown>) => void>()
  private exportTarget: ExportTarget | null = null
  /** The workspace to reopen after a worker crash, and its data key (the operator is not asked again). */
  private location: string | null = null
  private key: Uint8Array | null = null
  private stopping = false
  /** The parser with the import queue's read-ahead and the file read last (read-ahead.ts), answering parcels. */
  private readonly parser: Reader<WorkbookParcel> | undefined
  private readonly ahead: ReadAhead<WorkbookParcel> | null

  constructor(opts: EngineClientOptions) {
    this.opts = opts
    // Files stay packed as their parse process sent them until the worker (parse-pack.ts).
    const parcels: ParcelPort | undefined = opts.parser && parcelPort(opts.parser)
    const reader: Reader<WorkbookParcel> | undefined = parcels && {
      parse: (bytes, fileName, limits) => parcels.parseParcel(bytes, fileName, limits)
    }
    this.ahead =
      reader && opts.readAhead !== false
        ? new ReadAhead(reader, { sha256: (data) => createHash('sha256').update(data).digest('hex') })
        : null
    this.parser = this.ahead ?? reader
  }

  get openLocation(): string | null {
    return this.location
  }

  private start(): Worker {
    if (this.worker) return this.worker
    const workerData: WorkerInit = { ...this.opts.init, ...(this.opts.parser ? { parseInHost: true } : {}) }
    const worker = new Worker(this.opts.workerPath, { workerData })
    worker.on('message', (msg: FromWorker) => this.onMessage(msg))
    worker.on('error', () => undefined)
    worker.on('exit', () => {
      if (this.worker !== worker) return
      this.worker = null
      for (const resolve of this.pending.values()) {
        resolve(fail('ENGINE_UNAVAILABLE', 'Mesin data berhenti tak terduga. Data yang sudah tersimpan aman; coba lagi.'))
      }
      this.pending.clear()
    })
    this.worker = worker
    return worker
  }

  private onMessage(msg: FromWorker): void {
    if (msg.kind === 'reply') {
      this.pending.get(msg.id)?.(msg.result)
      this.pending.delete(msg.id)
    } else if (msg.kind === 'progress') {
      this.opts.onProgress(msg.event)
    } else {
      void this.answer(msg.request).then((result) => this.worker?.postMessage({ kind: 'hostReply', id: msg.id, result } satisfies ToWorker))
    }
  }

  private answer(request: HostRequest): Promise<Result<unknown>> {
    return toResult(async () => {
      if (request.op === 'parse') {
        if (!this.parser) throw new Error('host ini tidak membaca file untuk mesin data')
        return this.parser.parse(request.bytes, request.fileName, request.limits)
      }
      const target = this.exportTarget
      if (!target) throw new Error('tidak ada ekspor yang berjalan')
      if (request.op === 'identity') return target.signer.identity()
      if (request.op === 'sign') return target.signer.sign(request.data)
      return target.save(request.bytes, request.suggestedName)
    })
  }

  /**
   * Sends a request and resolves with the worker's reply. The one place a reply is given its type:
   * the worker answers a request with what the handler for it returns (dispatch.ts, checked
   * against the contract), but a message across threads carries no type of its own.
   */
  private request<T>(message: Outgoing): Promise<Result<T>> {
    const worker = this.start()
    const id = ++this.seq
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (r: Result<unknown>) => void)
      worker.postMessage({ ...message, id } satisfies ToWorker)
    })
  }

  /** After a crash the new worker has no workspace: reopen the last one first. */
  private async ensureOpen(): Promise<Failure | null> {
    if (this.worker || !this.location) return null
    const reopened = await this.openWith(this.location)
    return reopened.ok ? null : reopened
  }

  /** The key is unwrapped here, in the host: a wrong passphrase fails before the worker touches the folder. */
  private async openWith(location: string, name?: string, unlock?: Unlock): Promise<Result<WorkspaceInfo>> {
    const reopen = !unlock && location === this.location && this.key
    const key = reopen ? { ok: true as const, value: this.key! } : await toResult(() => this.opts.dataKey(location, unlock))
    if (!key.ok) return key
    const result = await this.request<WorkspaceInfo>({ kind: 'open', location, key: key.value, ...(name ? { name } : {}) })
    if (result.ok) this.key = key.value
    return result
  }

  async open(location: string, name?: string, unlock?: Unlock): Promise<Result<WorkspaceInfo>> {
    this.ahead?.drop()
    if (location !== this.location) this.key = null
    const result = await this.openWith(location, name, unlock)
    if (result.ok) this.location = location
    return result
  }

  async closeWorkspace(): Promise<Result<null>> {
    this.ahead?.drop()
    this.location = null
    this.key = null
    if (!this.worker) return { ok: true, value: null }
    return this.request<null>({ kind: 'close' })
  }

  /** Calls an engine method of the contract; the result has that method's type. */
  async call<M extends EngineMethodName>(method: M, args: ArgsOf<M>): Promise<Result<ResultOf<M>>> {
    const failed = await this.ensureOpen()
    if (failed) return failed
    const local: EngineHandlers<EngineClient>[M] | undefined = LOCAL[method]
    if (local) return toResult(() => local(this, args))
    const result = await this.request<ResultOf<M>>({ kind: 'call', method, args })
    if (IMPORTS.has(method)) this.ahead?.release()
    return result
  }

  /** Files the import queue asks for next, read ahead in the parse processes; none drops what was read ahead. */
  readAhead(files: { fileName: string; bytes: Uint8Array }[]): void {
    // The queue ended: the worker lets go of the table it kept for an import that did not come.
    if (files.length === 0 && this.worker) void this.request({ kind: 'call', method: 'readAhead', args: { files: [] } })
    if (!this.ahead) return
    // Named as the engine names them when it asks (preview.ts baseName; not imported: it would bring the engine into main).
    if (files.length === 0) this.ahead.drop()
    else this.ahead.readAhead(files.map((f) => ({ bytes: f.bytes, fileName: f.fileName.split(/[\\/]/).pop() || f.fileName })))
  }

  /** Tells a running worker to cancel a task; nothing to do when none runs. */
  postCancel(taskId: string): void {
    this.worker?.postMessage({ kind: 'cancel', taskId } satisfies ToWorker)
  }

  async exportPackage(desa: string[], target: ExportTarget, all = false): Promise<Result<ExportResult>> {
    const failed = await this.ensureOpen()
    if (failed) return failed
    this.exportTarget = target
    try {
      return await this.request<ExportResult>({ kind: 'export', desa, ...(all ? { all } : {}) })
    } finally {
      this.exportTarget = null
    }
  }

  /** The berita acara of a package's bytes for the open workspace, with its PDF when asked (drawn in the worker). */
  async beritaAcara(zip: Uint8Array, fileName: string, date: string, pdf: boolean): Promise<Result<BeritaAcaraMade>> {
    const failed = await this.ensureOpen()
    if (failed) return failed
    return this.request<BeritaAcaraMade>({ kind: 'beritaAcara', zip, fileName, date, pdf })
  }

  /** Records a receipt the host has checked; false when the workspace had it already. */
  async recordReceipt(record: ReceiptRecord): Promise<Result<boolean>> {
    const failed = await this.ensureOpen()
    if (failed) return failed
    return this.request<boolean>({ kind: 'receipt', record })
  }

  /** Closes the workspace (final snapshot) and stops the worker. */
  async stop(): Promise<void> {
    if (this.stopping) return
    this.stopping = true
    if (this.worker) {
      await this.request({ kind: 'close' })
      await this.worker.terminate()
      this.worker = null
    }
  }
}
