/**
 * Messages between a host (Electron main, test host) and the engine worker thread. Every request
 * has an id; the worker answers with a Result. The worker asks the host for what only the host
 * has (the signing key, where a package is saved) with host requests.
 */
import type { ArgsOf, EngineMethodName } from '../../shared/api/contract'
import type { Result } from '../../shared/api/result'
import type { BeritaAcara, ProgressEvent } from '../../shared/api/types'
import type { ReadLimits } from '../../shared/engine/import/read-workbook'
import type { ReceiptRecord } from '../../shared/engine/package/export'
import type { SignerIdentity } from '../../shared/engine/ports'
import type { WorkbookParcel } from './parse-pack'

export interface WorkerInit {
  appVersion: string
  defaultOperator: string
  /** Journal records between snapshots (default 200). */
  checkpointEvery?: number
  /** Rows imported since the last snapshot that make an import write one (default IMPORTED_ROWS_PER_SNAPSHOT). */
  checkpointAfterRows?: number
  /** The host reads untrusted files in its parse processes (host request 'parse'); else the worker reads them itself. */
  parseInHost?: boolean
}

export type ToWorker =
  /** `key`: the workspace's 32-byte data key, unwrapped by the host (workspace-key.ts); the worker never sees key.json. */
  | { kind: 'open'; id: number; location: string; key: Uint8Array; name?: string }
  | { kind: 'close'; id: number }
  /** An engine method of the contract with arguments the host has checked; the reply carries its ResultOf. */
  | { kind: 'call'; id: number; method: EngineMethodName; args: ArgsOf<EngineMethodName> }
  | { kind: 'export'; id: number; desa: string[]; all?: boolean }
  /** The berita acara of a package (the bytes the host read), with its PDF when `pdf`: drawn here, off main. */
  | { kind: 'beritaAcara'; id: number; zip: Uint8Array; fileName: string; date: string; pdf: boolean }
  /** A Dinas receipt the host has checked (signature, package): its changes become received. Not a contract method: the page cannot claim one. */
  | { kind: 'receipt'; id: number; record: ReceiptRecord }
  | { kind: 'cancel'; taskId: string }
  | { kind: 'hostReply'; id: number; result: Result<unknown> }

export type FromWorker =
  | { kind: 'reply'; id: number; result: Result<unknown> }
  | { kind: 'progress'; event: ProgressEvent }
  | { kind: 'hostRequest'; id: number; request: HostRequest }

/** The worker's answer to `beritaAcara`. */
export interface BeritaAcaraMade {
  model: BeritaAcara
  pdf: Uint8Array | null
}

export type HostRequest =
  | { op: 'identity' }
  | { op: 'sign'; data: Uint8Array }
  | { op: 'save'; bytes: Uint8Array; suggestedName: string }
  | { op: 'parse'; bytes: Uint8Array; fileName: string; limits: ReadLimits }

export type HostResponse = {
  identity: SignerIdentity
  sign: Uint8Array
  save: { fileName: string; location: string }
  parse: WorkbookParcel
}
