/**
 * Test doubles for the renderer's store: a fake backend answering from a table of handlers (and
 * recording every call), a clock whose timers run when the test says, and row/finding builders.
 */
import { type Backend, BackendError } from '@renderer/lib/backend'
import { createAppStore } from '@renderer/store'
import type { ArgsOf, MethodName, ResultOf } from '@shared/api/contract'
import type { AppError } from '@shared/api/result'
import { encodeRows } from '@shared/api/rows-codec'
import type { FindingView, PackedRowsPage, ProgressEvent, RowsChanged, RowView, Summary, WorkspaceInfo } from '@shared/api/types'
import { emptyPerson, type PersonValues } from '@shared/domain/fields'
import { ALLOWED_ACTIONS, type FindingCode, SEVERITY } from '@shared/domain/findings'

export type Handlers = { [M in MethodName]?: (args: ArgsOf<M>) => ResultOf<M> | Promise<ResultOf<M>> }

export interface Call {
  method: MethodName
  args: unknown
}

/** A backend that answers only the methods a test names; any other call fails the action loudly. */
export function fakeBackend(handlers: Handlers) {
  const calls: Call[] = []
  let listener: ((e: ProgressEvent) => void) | null = null
  const backend: Backend = {
    async call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
      calls.push({ method, args })
      const handler = handlers[method] as ((a: ArgsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>) | undefined
      if (!handler) throw new Error(`unexpected call: ${method}`)
      return await handler(args)
    },
    onProgress(l) {
      listener = l
      return () => {
        listener = null
      }
    }
  }
  return {
    backend,
    handlers,
    calls,
    /** The methods called so far, in order. */
    methods: () => calls.map((c) => c.method),
    argsOf: (method: MethodName) => calls.filter((c) => c.method === method).map((c) => c.args),
    progress: (e: ProgressEvent) => listener?.(e)
  }
}

/** Timers that run only when the test calls `run()`: a notice's self-dismissal without waiting. */
export function fakeClock() {
  const timers: { fn: () => void; ms: number }[] = []
  return {
    later: (fn: () => void, ms: number) => void timers.push({ fn, ms }),
    timers,
    run() {
      for (const t of timers.splice(0)) t.fn()
    }
  }
}

/** A store over a fake backend and clock. */
export function storeWith(handlers: Handlers) {
  const fake = fakeBackend(handlers)
  const clock = fakeClock()
  const store = createAppStore({ backend: fake.backend, later: clock.later })
  return { store, fake, clock }
}

export const failure = (code: AppError['code'], details?: AppError['details']) =>
  new BackendError({ code, message: `engine: ${code}`, ...(details ? { details } : {}) })

/** A promise the test settles by hand (answers arriving out of order). */
export function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

export function finding(code: FindingCode, over: Partial<FindingView> = {}): FindingView {
  return {
    key: `${code}:v1`,
    code,
    severity: SEVERITY[code],
    field: null,
    village: null,
    master: null,
    params: {},
    status: 'open',
    resolution: null,
    allowed: [...ALLOWED_ACTIONS[code]],
    ...over
  }
}

export function row(id: string, over: Partial<Omit<RowView, 'values'>> & { values?: Partial<PersonValues> } = {}): RowView {
  const { values, ...rest } = over
  return {
    id,
    kind: 'village',
    sourceId: 1,
    fileName: 'sumberadi.xlsx',
    rowNo: 2,
    desa: 'SUMBERADI',
    master: null,
    status: 'open',
    findings: [],
    coercions: [],
    ...rest,
    values: { ...emptyPerson(), nik: '3404011203800001', nama: 'SITI AMINAH', ...values }
  }
}

export const rowsById = (...rows: RowView[]) => new Map(rows.map((r) => [r.id, r]))

export function summary(over: Partial<Summary> = {}): Summary {
  return { rows: 0, open: 0, resolved: 0, byCode: {}, byDesa: [], undo: { undo: null, redo: null }, ...over }
}

export const changed = (rows: RowView[], removed: string[] = [], sum: Summary = summary()): RowsChanged => ({ rows, removed, summary: sum })

export function workspace(over: Partial<WorkspaceInfo> = {}): WorkspaceInfo {
  return {
    id: 'ws1',
    name: 'Kecamatan Mlati',
    location: '/data/mlati',
    kecamatan: 'Mlati',
    operator: 'Budi',
    kabupaten: 'Sleman',
    subVillageLabel: 'dusun',
    signatories: [],
    approvalRequired: false,
    letter: {
      kop: ['PEMERINTAH KABUPATEN SLEMAN', 'KECAMATAN MLATI'],
      alamat: '',
      numberPattern: '{nomor}/BA-VERVAL/{bulan}/{tahun}',
      place: 'Mlati'
    },
    receiverUrl: '',
    receiverKey: '',
    master: null,
    villages: [],
    recovery: null,
    ...over
  }
}

/** A piece of rows as the engine sends it to the grid (packed). */
export const packedPage = (rows: RowView[], next: string | null = null, total = rows.length): PackedRowsPage => ({
  rows: encodeRows(rows),
  next,
  total
})
