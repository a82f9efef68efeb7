/**
 * The app's import queue reads ahead (issue 17): the files it will import next go to the parse
 * processes while the engine applies the current one, so a queue of 20 files keeps both cores
 * busy. It also keeps the file read last, so the queue's `inspectFile` and the import that follows
 * (and the mapping screen's re-inspections) read the same bytes once; before, each read them again.
 * A result is keyed by content (SHA-256), name and limits: the engine asks in its own order and the
 * same bytes read the same, so the order of reading changes nothing but the time. Files are read
 * ahead with the limits the engine asked with for the queue's first file (the host does not choose
 * them; a journal replay reads without them, and those reads teach nothing).
 */
import type { ReadLimits, WorkbookData } from '../../shared/engine/import/read-workbook'

/** What reads a file: a ParsePort (a workbook), or the client's parcel reader (parse-pack.ts: kept packed). */
export interface Reader<T> {
  parse(bytes: Uint8Array, fileName: string, limits: ReadLimits): Promise<T>
}

export interface AheadFile {
  bytes: Uint8Array
  fileName: string
}

export interface ReadAheadOptions {
  sha256(data: Uint8Array): string
  /** Files read (or being read) ahead and not asked for yet, at most; default 2 (one per core of a 2-core PC). */
  maxAhead?: number
  /** Their input bytes together, at most (one file is always allowed); default 32 MB. A read file holds ~10–20× its bytes. */
  maxAheadBytes?: number
}

interface Entry<T> {
  /** SHA-256 and name. */
  key: string
  file: AheadFile
  /** Set once its read has started, with the limits it was read with. */
  result: Promise<T> | null
  limits: string
  settled: boolean
  /** Dropped while its read was running: its result is thrown away when it comes. */
  dropped: boolean
}

export class ReadAhead<T = WorkbookData> implements Reader<T> {
  private readonly inner: Reader<T>
  private readonly sha256: (data: Uint8Array) => string
  private readonly maxAhead: number
  private readonly maxAheadBytes: number
  /** The files announced, in the queue's order, not yet asked for. */
  private planned: Entry<T>[] = []
  /** The file asked for last (its import follows its inspection). */
  private last: { key: string; limits: string; result: Promise<T> } | null = null
  /** The limits the engine reads the queue's files with, once it has asked for one of them. */
  private limits: ReadLimits | null = null
  /** Dropped reads still running: they hold a parse process, so they count against the bound. */
  private orphans = 0

  constructor(inner: Reader<T>, opts: ReadAheadOptions) {
    this.inner = inner
    this.sha256 = opts.sha256
    this.maxAhead = Math.max(1, opts.maxAhead ?? 2)
    this.maxAheadBytes = opts.maxAheadBytes ?? 32 * 1024 * 1024
  }

  /** Files read ahead and not asked for yet (started or done), and files announced and waiting. */
  get state(): { reading: number; waiting: number; orphans: number; kept: boolean } {
    const reading = this.planned.filter((e) => e.result).length
    return { reading, waiting: this.planned.length - reading, orphans: this.orphans, kept: this.last !== null }
  }

  parse(bytes: Uint8Array, fileName: string, limits: ReadLimits): Promise<T> {
    const key = this.keyOf(bytes, fileName)
    const asked = JSON.stringify(limits)
    if (this.last?.key === key && this.last.limits === asked) return this.last.result
    const i = this.planned.findIndex((e) => e.key === key)
    const entry = i >= 0 ? this.planned.splice(i, 1)[0] : undefined
    if (entry) this.limits = limits
    const result = entry?.result && entry.limits === asked ? entry.result : this.inner.parse(bytes, fileName, limits)
    const last = { key, limits: asked, result }
    this.last = last
    // A file that could not be read is refused each time it is asked for: the next try reads it again.
    result.catch(() => {
      if (this.last === last) this.last = null
    })
    this.pump()
    return result
  }

  /** Announces the files the queue asks for next, in its order; already announced or kept ones are not read twice. */
  readAhead(files: AheadFile[]): void {
    for (const file of files) {
      const key = this.keyOf(file.bytes, file.fileName)
      if (this.last?.key === key || this.planned.some((e) => e.key === key)) continue
      this.planned.push({ key, file, result: null, limits: '', settled: false, dropped: false })
    }
    this.pump()
  }

  /** The file read last is not needed again (its import ended): its cells are let go. */
  release(): void {
    this.last = null
  }

  /** The queue stopped (or the workspace closed): nothing read ahead is kept, running reads are thrown away. */
  drop(): void {
    for (const e of this.planned) {
      if (e.result && !e.settled) {
        e.dropped = true
        this.orphans++
      }
    }
    this.planned = []
    this.last = null
  }

  private keyOf(bytes: Uint8Array, fileName: string): string {
    return `${this.sha256(bytes)}\u0000${fileName}`
  }

  /** Starts the next announced files in order while the bounds allow (once the limits are known). */
  private pump(): void {
    const limits = this.limits
    if (!limits) return
    for (;;) {
      const next = this.planned.find((e) => !e.result)
      if (!next) return
      const started = this.planned.filter((e) => e.result)
      const count = started.length + this.orphans
      if (count >= this.maxAhead) return
      const bytes = started.reduce((n, e) => n + e.file.bytes.length, 0)
      if (count > 0 && bytes + next.file.bytes.length > this.maxAheadBytes) return
      this.start(next, limits)
    }
  }

  private start(e: Entry<T>, limits: ReadLimits): void {
    const result = this.inner.parse(e.file.bytes, e.file.fileName, limits)
    e.result = result
    e.limits = JSON.stringify(limits)
    const settle = () => {
      e.settled = true
      if (e.dropped) this.orphans--
      this.pump()
    }
    // A file that fails ahead is said on its own turn (when asked for), never as an unhandled rejection now.
    result.then(settle, settle)
  }
}
