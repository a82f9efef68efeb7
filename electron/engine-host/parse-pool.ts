/**
 * The parse pool: untrusted spreadsheets are read in separate processes (parse-child.ts), each
 * with a heap cap and a wall-clock limit. A file that breaks either is refused by name, its
 * process is killed and a fresh one takes the next file. Several processes read at once: files
 * announced with `prefetch` are read ahead, largest first, while the engine applies one file at a
 * time in its own order (a `parse` of the same bytes and name gets the result read ahead).
 */
import { CermatError } from '../../shared/api/result'
import { cermatError } from '../../shared/engine/errors'
import type { ParsePort } from '../../shared/engine/import/parse-port'
import type { ReadLimits, WorkbookData } from '../../shared/engine/import/read-workbook'
import { openParcel, type ParcelPort, type WorkbookParcel } from './parse-pack'
import type { ParseProcess, ProcessEnd, StartParseProcess } from './parse-protocol'

export interface ParseLimits {
  /** Parse processes reading at once (1–4). */
  size: number
  /** JavaScript heap of one parse process (--max-old-space-size), MB. */
  maxHeapMb: number
  /** Wall-clock time one file may take to read, ms. */
  timeoutMs: number
}

/**
 * Defaults (docs/security.md, Hostile spreadsheet): a 200,000-row master reads within ~600 MB of
 * heap and well under a minute on an office PC; two processes at the cap stay below 1.5 GB.
 */
export const DEFAULT_PARSE_LIMITS: Omit<ParseLimits, 'size'> = { maxHeapMb: 640, timeoutMs: 120_000 }

/** One process per core, at least 1 and at most 4. */
export const poolSize = (cores: number): number => Math.min(4, Math.max(1, Math.floor(cores)))

export interface ParsePoolOptions extends Partial<ParseLimits> {
  start: StartParseProcess
  sha256(data: Uint8Array): string
  /** Files read ahead and not yet asked for, at most (bounds the memory they hold); default size. */
  maxAhead?: number
  /** Their input bytes together, at most (one is always allowed); default 32 MB. A read file holds ~10–20× its bytes. */
  maxAheadBytes?: number
  /**
   * Input bytes being read at once, at most (one file always may); default 32 MB. Two large files
   * read side by side each grow a process toward its heap cap: they take turns instead, while
   * small files (a month's village files) still read beside a large one.
   */
  maxRunningBytes?: number
}

export interface AheadFile {
  bytes: Uint8Array
  fileName: string
  limits: ReadLimits
}

interface Job extends AheadFile {
  key: string
  /** The message id of its current read. */
  id: number
  demanded: boolean
  state: 'queued' | 'running' | 'done'
  promise: Promise<WorkbookParcel>
  resolve(parcel: WorkbookParcel): void
  reject(err: unknown): void
}

interface Slot {
  process: ParseProcess
  job: Job | null
  /** Set when the pool itself ended the process (time limit, close, grown large). */
  killedFor: 'timeout' | 'close' | 'retire' | null
  timer: ReturnType<typeof setTimeout> | undefined
}

export class ParsePool implements ParsePort, ParcelPort {
  readonly limits: ParseLimits
  private readonly opts: ParsePoolOptions
  private readonly maxAhead: number
  private readonly maxAheadBytes: number
  private readonly maxRunningBytes: number
  private readonly jobs = new Map<string, Job>()
  private readonly queue: Job[] = []
  private readonly slots = new Set<Slot>()
  private seq = 0
  private closed = false

  constructor(opts: ParsePoolOptions) {
    this.opts = opts
    this.limits = {
      size: poolSize(opts.size ?? 1),
      maxHeapMb: opts.maxHeapMb ?? DEFAULT_PARSE_LIMITS.maxHeapMb,
      timeoutMs: opts.timeoutMs ?? DEFAULT_PARSE_LIMITS.timeoutMs
    }
    this.maxAhead = opts.maxAhead ?? this.limits.size
    this.maxAheadBytes = opts.maxAheadBytes ?? 32 * 1024 * 1024
    this.maxRunningBytes = opts.maxRunningBytes ?? 32 * 1024 * 1024
  }

  /** Process ids of the running parse processes (the benchmark sums their memory). */
  get pids(): number[] {
    return [...this.slots].flatMap((s) => (s.process.pid === undefined ? [] : [s.process.pid]))
  }

  parse(bytes: Uint8Array, fileName: string, limits: ReadLimits): Promise<WorkbookData> {
    const workbook = this.parseParcel(bytes, fileName, limits).then((parcel) => openParcel(parcel, fileName))
    // As the read itself: a result nobody waits for (a closed pool's) is no unhandled rejection.
    workbook.catch(() => undefined)
    return workbook
  }

  /** The file as its parse process answered, still packed: the engine worker unpacks it (EngineClient). */
  parseParcel(bytes: Uint8Array, fileName: string, limits: ReadLimits): Promise<WorkbookParcel> {
    if (this.closed) return Promise.reject(cermatError('CANCELLED', {}))
    const key = this.keyOf(bytes, fileName, limits)
    const job = this.jobs.get(key) ?? this.add({ bytes, fileName, limits }, key)
    // Claimed: whoever asks next reads the file again (a re-import must not get a stale copy).
    this.jobs.delete(key)
    job.demanded = true
    this.pump()
    return job.promise
  }

  /** Starts reading these files ahead, largest first, as processes come free. */
  prefetch(files: AheadFile[]): void {
    if (this.closed) return
    for (const f of files) {
      const key = this.keyOf(f.bytes, f.fileName, f.limits)
      if (!this.jobs.has(key)) this.add(f, key)
    }
    this.pump()
  }

  /** Ends every parse process; what was not read yet is refused. */
  close(): void {
    this.closed = true
    for (const job of this.queue.splice(0)) job.reject(cermatError('CANCELLED', {}))
    this.jobs.clear()
    for (const slot of this.slots) this.end(slot, 'close')
  }

  private keyOf(bytes: Uint8Array, fileName: string, limits: ReadLimits): string {
    return `${this.opts.sha256(bytes)}\u0000${fileName}\u0000${JSON.stringify(limits)}`
  }

  private add(file: AheadFile, key: string): Job {
    let resolve!: (parcel: WorkbookParcel) => void
    let reject!: (err: unknown) => void
    const promise = new Promise<WorkbookParcel>((res, rej) => {
      resolve = res
      reject = rej
    })
    // A file read ahead and never asked for (a duplicate) must not be an unhandled rejection.
    promise.catch(() => undefined)
    const job: Job = { ...file, key, id: 0, demanded: false, state: 'queued', promise, resolve, reject }
    this.jobs.set(key, job)
    this.queue.push(job)
    return job
  }

  /** Files read (or being read) ahead that nobody has asked for yet: how many, and their bytes. */
  private ahead(): { count: number; bytes: number } {
    const a = { count: 0, bytes: 0 }
    for (const job of this.jobs.values())
      if (!job.demanded && job.state !== 'queued') {
        a.count++
        a.bytes += job.bytes.length
      }
    return a
  }

  /**
   * The next file to read: one asked for first (in the order asked), else the largest read-ahead
   * that fits; none while it would take the bytes being read past maxRunningBytes.
   */
  private next(): Job | undefined {
    let running = 0
    for (const slot of this.slots) running += slot.job?.bytes.length ?? 0
    const fits = (j: Job) => running === 0 || running + j.bytes.length <= this.maxRunningBytes
    const asked = this.queue.find((j) => j.demanded)
    if (asked) return fits(asked) ? asked : undefined
    const ahead = this.ahead()
    if (ahead.count >= this.maxAhead) return undefined
    let best: Job | undefined
    for (const j of this.queue) if (fits(j) && (!best || j.bytes.length > best.bytes.length)) best = j
    if (best && ahead.count > 0 && ahead.bytes + best.bytes.length > this.maxAheadBytes) return undefined
    return best
  }

  private pump(): void {
    while (!this.closed && this.hasRoom()) {
      const job = this.next()
      if (!job) return
      this.queue.splice(this.queue.indexOf(job), 1)
      this.run(this.freeSlot(), job)
    }
  }

  private hasRoom(): boolean {
    return this.slots.size < this.limits.size || [...this.slots].some((s) => !s.job)
  }

  /** An idle process, else a new one (started only when there is a file for it). */
  private freeSlot(): Slot {
    for (const s of this.slots) if (!s.job) return s
    return this.spawn()
  }

  private spawn(): Slot {
    const process = this.opts.start({ maxHeapMb: this.limits.maxHeapMb })
    const slot: Slot = { process, job: null, killedFor: null, timer: undefined }
    process.onReply((reply) => {
      const job = slot.job
      if (!job || reply.id !== job.id) return
      clearTimeout(slot.timer)
      job.state = 'done'
      // A process that grew large is replaced before it takes another file.
      if (reply.retire) this.end(slot, 'retire')
      else slot.job = null
      if (!reply.ok) job.reject(new CermatError(reply.error.code, reply.error.message, reply.error.details))
      else if ('packed' in reply) job.resolve({ packed: reply.packed })
      else job.resolve({ workbook: reply.workbook })
      this.pump()
    })
    process.onExit((end) => this.exited(slot, end))
    this.slots.add(slot)
    return slot
  }

  private run(slot: Slot, job: Job): void {
    const id = ++this.seq
    job.id = id
    job.state = 'running'
    slot.job = job
    slot.timer = setTimeout(() => this.end(slot, 'timeout'), this.limits.timeoutMs)
    try {
      slot.process.send({ id, bytes: job.bytes, fileName: job.fileName, limits: job.limits })
    } catch (err) {
      this.end(slot, 'close')
      this.refuse(job, cermatError('FILE_UNREADABLE', { file: job.fileName, detail: `pembaca tidak dapat dimulai (${String(err)})` }))
    }
  }

  private end(slot: Slot, why: NonNullable<Slot['killedFor']>): void {
    clearTimeout(slot.timer)
    slot.killedFor ??= why
    slot.process.kill()
  }

  /** A process ended: the file it was reading is refused by name and the slot is free for a new process. */
  private exited(slot: Slot, end: ProcessEnd): void {
    clearTimeout(slot.timer)
    this.slots.delete(slot)
    const job = slot.job
    slot.job = null
    if (job && job.state === 'running') {
      const file = job.fileName
      if (slot.killedFor === 'timeout') this.refuse(job, cermatError('FILE_PARSE_TIMEOUT', { file, seconds: this.limits.timeoutMs / 1000 }))
      else if (slot.killedFor === 'close') this.refuse(job, cermatError('CANCELLED', {}))
      else if (end.outOfMemory) this.refuse(job, cermatError('FILE_PARSE_MEMORY', { file, limit: this.limits.maxHeapMb }))
      else
        this.refuse(
          job,
          cermatError('FILE_UNREADABLE', { file, detail: `pembaca berhenti tak terduga (${end.signal ?? `kode ${end.code}`})` })
        )
    }
    this.pump()
  }

  private refuse(job: Job, err: CermatError): void {
    job.state = 'done'
    job.reject(err)
  }
}
