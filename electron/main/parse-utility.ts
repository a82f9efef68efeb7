/**
 * Parse processes in the app: Electron's `utilityProcess` (a Node process Electron starts and
 * reaps; `child_process.fork` would start another Electron), behind the same ParseProcess the CLI's
 * child processes implement (engine-host/parse-fork.ts). Only the few members used are typed
 * here, so the adapter is unit-tested with a fake of them (Electron cannot run in the tests).
 */
import { OUT_OF_MEMORY, type ParseJob, type ParseProcess, type ParseReply, type StartParseProcess } from '../engine-host/parse-protocol'

/** The part of Electron's UtilityProcess this adapter uses. */
export interface UtilityChild {
  readonly pid: number | undefined
  readonly stderr: { setEncoding?(e: 'utf8'): void; on(event: 'data', fn: (chunk: string | Uint8Array) => void): void } | null
  postMessage(message: ParseJob): void
  on(event: 'message', fn: (message: ParseReply) => void): this
  on(event: 'exit', fn: (code: number) => void): this
  /** V8's fatal errors (a heap cap reached); experimental in Electron, `exit` follows it. */
  on(event: 'error', fn: (type: string, location: string) => void): this
  kill(): boolean
}

/** `utilityProcess.fork` as far as it is used. */
export type ForkUtility = (
  modulePath: string,
  args: string[],
  options: { serviceName: string; execArgv: string[]; stdio: ['ignore', 'ignore', 'pipe'] }
) => UtilityChild

/** Enough of stderr to hold V8's last words. */
const STDERR_KEPT = 8 * 1024

/**
 * V8 flags for a utility process go in Chromium's `--js-flags` switch: Electron passes `execArgv`
 * as command-line switches of the new process (ServiceProcessHost ExtraCommandLineSwitches) and
 * applies `--js-flags` before it creates the isolate (JavascriptEnvironment::Initialize), while
 * Node reads its own options only after, too late for a heap limit. The docs say no more than
 * "arguments passed to the executable"; see docs/security.md, Hostile spreadsheet.
 */
export const utilityExecArgv = (maxHeapMb: number): string[] => [`--js-flags=--max-old-space-size=${maxHeapMb} --expose-gc`]

export function utilityParser(fork: ForkUtility, entry: string): StartParseProcess {
  return ({ maxHeapMb }) => {
    const child = fork(entry, [], {
      serviceName: 'Cermat pembaca file',
      execArgv: utilityExecArgv(maxHeapMb),
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let stderr = ''
    let fatal = false
    child.stderr?.setEncoding?.('utf8')
    child.stderr?.on('data', (chunk) => {
      stderr = (stderr + String(chunk)).slice(-STDERR_KEPT)
    })
    child.on('error', (type) => {
      if (type === 'FatalError') fatal = true
    })
    const process: ParseProcess = {
      pid: child.pid,
      send: (job) => child.postMessage(job),
      onReply: (fn) => void child.on('message', fn),
      onExit: (fn) => void child.on('exit', (code) => fn({ code, signal: null, outOfMemory: fatal || OUT_OF_MEMORY.test(stderr) })),
      kill: () => void child.kill()
    }
    return process
  }
}
