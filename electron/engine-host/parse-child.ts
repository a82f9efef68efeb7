/**
 * A parse process: reads one untrusted spreadsheet at a time for the parse pool (parse-pool.ts)
 * and answers with its cells or the refusal. Runs as a Node child process (CLI, test host) or an
 * Electron utilityProcess (the app). Nothing else lives here, so a runaway file costs only this
 * process, which the pool kills and replaces.
 */
import { toAppError } from '../../shared/api/result'
import { readWorkbook } from '../../shared/engine/import/read-workbook'
import { packWorkbook } from './parse-pack'
import type { ParseJob, ParseReply } from './parse-protocol'

/** Electron's utilityProcess side of the channel (process.parentPort); absent in a Node child. */
interface ParentPort {
  on(event: 'message', fn: (e: { data: ParseJob }) => void): void
  postMessage(message: ParseReply): void
}

const parentPort = (process as { parentPort?: ParentPort }).parentPort

function reply(message: ParseReply, then: () => void): void {
  if (parentPort) {
    parentPort.postMessage(message)
    then()
  } else process.send?.(message, undefined, undefined, then)
}

/** Above this resident size after a file, the process asks to be replaced: V8 keeps a grown heap. */
const RETIRE_RSS = 256 * 1024 * 1024

function handle(job: ParseJob): void {
  let message: ParseReply
  try {
    message = { id: job.id, ok: true, packed: packWorkbook(readWorkbook(job.bytes, job.fileName, job.limits)) }
  } catch (err) {
    message = { id: job.id, ok: false, error: toAppError(err) }
  }
  if (process.memoryUsage.rss() > RETIRE_RSS) message.retire = true
  // The next file starts on an empty heap (--expose-gc): memory of one file never adds to another's.
  reply(message, () => (globalThis as { gc?: () => void }).gc?.())
}

if (parentPort) parentPort.on('message', (e) => handle(e.data))
else {
  process.on('message', (job: ParseJob) => handle(job))
  // A host that ended (or was killed) leaves no reader behind.
  process.on('disconnect', () => process.exit(0))
}
