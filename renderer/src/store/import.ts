import { aheadEnd } from '@shared/api/read-ahead'
import type { ImportOptions, ImportPreview, SourceKind } from '@shared/api/types'

import { guarded } from './guarded'
import type { DataOf, ImportSlice, PendingImport, Slice } from './types'

/** Warnings that open the mapping screen: the importer had to guess (a column, a date order, which desa). */
const LOOK_AT = new Set(['HEADER_GUESSED', 'DUPLICATE_HEADER', 'DATE_MONTH_FIRST', 'DESA_EVIDENCE_CONFLICT'])

/** The mapping screen is shown when something needs the operator's eye, or always if asked. */
export function needsLook(kind: SourceKind, p: ImportPreview, alwaysMap: boolean): boolean {
  return (
    alwaysMap ||
    p.existing.length > 0 ||
    (kind === 'village' && p.desa === '') ||
    p.columns.some((c) => c.how === 'fuzzy') ||
    p.warnings.some((w) => LOOK_AT.has(w.code))
  )
}

/** Why the pending file cannot be imported yet: its desa needs an answer, or guessed columns need confirming. */
export type ImportBlocker = { kind: 'desa_unknown' } | { kind: 'desa_conflict' } | { kind: 'guesses'; columns: number[] }

/** What the operator must answer first; empty when the Import button may be used. */
export function importBlockers(p: Pick<PendingImport, 'kind' | 'preview' | 'desa' | 'guesses'>): ImportBlocker[] {
  const out: ImportBlocker[] = []
  if (p.kind === 'village' && p.desa === null) {
    if (p.preview.desa === '') out.push({ kind: 'desa_unknown' })
    else if (p.preview.desaConflict) out.push({ kind: 'desa_conflict' })
  }
  if (p.guesses.length > 0) out.push({ kind: 'guesses', columns: p.guesses.map((g) => g.column) })
  return out
}

/** The columns the importer guessed, each to be confirmed or changed by the operator. */
const guessesOf = (preview: ImportPreview): PendingImport['guesses'] =>
  preview.columns
    .filter((c) => c.how === 'fuzzy' && c.target)
    .map((c) => ({ column: c.column, target: c.target!, confidence: c.confidence }))

export const importInitial = (): DataOf<ImportSlice> => ({ tasks: {}, pending: null, lastImport: null, alwaysMap: false })

export const importSlice: Slice<ImportSlice> = (set, get, { backend }) => {
  let taskSeq = 0

  /** Imports one file; says how it went in a notice. True when it was imported. */
  const runImport = async (kind: SourceKind, fileName: string, bytes: Uint8Array, options: ImportOptions = {}) => {
    const taskId = `t${Date.now().toString(36)}${++taskSeq}`
    const { notify } = get()
    set((s) => ({ tasks: { ...s.tasks, [taskId]: { taskId, fileName, phase: 'read', done: 0, total: 1 } } }))
    try {
      const args = { taskId, fileName, bytes, ...options }
      const result = kind === 'master' ? await backend.call('importMaster', args) : await backend.call('importVillage', args)
      if (result.alreadyImported) notify('info', { key: 'ui.import.already', params: { file: fileName } })
      else if (kind === 'master')
        notify('success', {
          key: 'ui.import.masterDone',
          params: { file: fileName, rows: result.source.rows, desa: result.summary.byDesa.length }
        })
      else
        notify('success', {
          key: 'ui.import.done',
          params: { file: fileName, rows: result.source.rows, desa: result.source.desa || { key: 'ui.desaUnknown' } }
        })
      set({ workspace: await backend.call('getWorkspace', {}), lastImport: { kind, fileName, result } })
      return true
    } catch (err) {
      get().notifyError(err, { key: 'ui.import.failed', params: { file: fileName } })
      return false
    } finally {
      set((s) => {
        const tasks = { ...s.tasks }
        delete tasks[taskId]
        return { tasks }
      })
    }
  }

  /**
   * What was read ahead is let go (the queue ended). Not waited for: it goes out with the calls
   * that follow; reading ahead is a help, so a host without it is fine.
   */
  const dropAhead = () => void backend.call('readAhead', { files: [] }).catch(() => undefined)

  /**
   * Imports files one by one; a file that needs a look stops the queue on the mapping screen, and
   * confirming or cancelling it goes on with the rest. The files after the current one are read
   * ahead by the host meanwhile; the engine still takes them in this order.
   */
  const importQueue = async (kind: SourceKind, files: File[]): Promise<void> => {
    const held = new Map<File, Promise<Uint8Array>>()
    const bytesOf = (f: File) => {
      let b = held.get(f)
      if (!b) held.set(f, (b = f.arrayBuffer().then((a) => new Uint8Array(a))))
      return b
    }
    let announced = 0
    const announce = async (from: number) => {
      const end = aheadEnd(
        files.map((f) => f.size),
        from
      )
      const next = files.slice(Math.max(announced, from), end)
      announced = Math.max(announced, end)
      if (next.length === 0) return
      // A file that cannot be read now is skipped here and said on its own turn.
      const read = await Promise.all(
        next.map((f) =>
          bytesOf(f).then(
            (bytes) => ({ fileName: f.name, bytes }),
            () => null
          )
        )
      )
      const ready = read.filter((r) => r !== null)
      if (ready.length > 0) await backend.call('readAhead', { files: ready }).catch(() => undefined)
    }
    let any = false
    let stopped = false
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!
      await announce(i)
      const bytes = await bytesOf(file)
      held.delete(file)
      let preview: ImportPreview
      try {
        preview = await backend.call('inspectFile', { kind, fileName: file.name, bytes })
      } catch (err) {
        get().notifyError(err, { key: 'ui.import.failed', params: { file: file.name } })
        continue
      }
      if (preview.alreadyImported) {
        get().notify('info', { key: 'ui.import.already', params: { file: file.name } })
        continue
      }
      if (needsLook(kind, preview, get().alwaysMap)) {
        set({
          pending: {
            kind,
            fileName: file.name,
            bytes,
            preview,
            choice: {},
            desa: null,
            guesses: guessesOf(preview),
            rest: files.slice(i + 1)
          }
        })
        // What was read ahead waits for the rest of the queue, after the operator's answer.
        stopped = true
        break
      }
      any = (await runImport(kind, file.name, bytes)) || any
    }
    if (!stopped) dropAhead()
    if (any) await guarded(set, get, get().loadRows)
  }

  const nextAfterPending = async (imported: boolean) => {
    const p = get().pending
    set({ pending: null })
    const rest = p?.rest ?? []
    if (rest.length === 0) dropAhead()
    if (imported) await guarded(set, get, get().loadRows)
    if (p && rest.length > 0) await importQueue(p.kind, rest)
  }

  return {
    ...importInitial(),

    importMaster: (file) => importQueue('master', [file]),
    importVillages: (files) => importQueue('village', files),
    setAlwaysMap: (on) => set({ alwaysMap: on }),

    async changePending(choice, touched) {
      const p = get().pending
      if (!p) return
      const merged = { ...p.choice, ...choice }
      try {
        const preview = await backend.call('inspectFile', {
          kind: p.kind,
          fileName: p.fileName,
          bytes: p.bytes,
          choice: merged,
          ...(p.desa !== null ? { desa: p.desa } : {})
        })
        // Guesses confirmed while the engine answered stay confirmed (the pending file as it is now, not as it was asked).
        const now = get().pending
        if (!now || now.bytes !== p.bytes) return
        // The engine marks every column of a chosen mapping as the operator's: a guess stays one until it is itself answered.
        const guesses =
          merged.mapping === undefined
            ? guessesOf(preview)
            : now.guesses.filter((g) => g.column !== touched && preview.columns.some((c) => c.column === g.column && c.target === g.target))
        set({ pending: { ...now, preview, choice: merged, guesses } })
      } catch (err) {
        get().notifyError(err)
      }
    },

    async choosePendingDesa(desa) {
      const p = get().pending
      if (!p || desa.trim() === '') return
      try {
        const choice = Object.keys(p.choice).length > 0 ? { choice: p.choice } : {}
        const preview = await backend.call('inspectFile', { kind: p.kind, fileName: p.fileName, bytes: p.bytes, ...choice, desa })
        set({ pending: { ...p, preview, desa } })
      } catch (err) {
        get().notifyError(err)
      }
    },

    confirmPendingGuess(column) {
      const p = get().pending
      if (p) set({ pending: { ...p, guesses: p.guesses.filter((g) => g.column !== column) } })
    },

    async confirmPending(options) {
      const p = get().pending
      // The Import button says why it is disabled; the store refuses too, so no path imports an unanswered question.
      if (!p || importBlockers(p).length > 0) return
      const choice = Object.keys(p.choice).length > 0 ? { choice: p.choice } : {}
      const desa = p.desa !== null ? { desa: p.desa } : {}
      await nextAfterPending(await runImport(p.kind, p.fileName, p.bytes, { ...choice, ...desa, ...options }))
    },

    cancelPending: () => nextAfterPending(false),

    async cancelTask(taskId) {
      await backend.call('cancelTask', { taskId }).catch(() => undefined)
    },

    setCoverage: (sourceId, coverage) =>
      guarded(set, get, async () => {
        set({ workspace: await backend.call('setCoverage', { sourceId, coverage }) })
        await get().loadRows()
      }).then(() => undefined),

    trackProgress: (e) =>
      set((s) =>
        s.tasks[e.taskId]
          ? { tasks: { ...s.tasks, [e.taskId]: { ...s.tasks[e.taskId]!, phase: e.phase, done: e.done, total: e.total } } }
          : {}
      )
  }
}
