/**
 * Parse processes as Node child processes (the CLI and the test host): `fork` of the built parse
 * entry (out/main/parse-child.js) with v8 serialization, a heap cap and stderr kept to tell a
 * heap-cap death from another.
 */
import { fork } from 'node:child_process'

import { OUT_OF_MEMORY, type ParseProcess, type ParseReply, type StartParseProcess } from './parse-protocol'

/** Enough of stderr to hold V8's last words. */
const STDERR_KEPT = 8 * 1024

export function forkParser(entry: string): StartParseProcess {
  return ({ maxHeapMb }) => {
    const child = fork(entry, [], {
      serialization: 'advanced',
      execArgv: [`--max-old-space-size=${maxHeapMb}`, '--expose-gc'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc']
    })
    let stderr = ''
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEPT)
    })
    // A send to a process that just died reports here; its exit refuses the file.
    child.on('error', () => undefined)
    const process: ParseProcess = {
      pid: child.pid,
      send: (job) => void child.send(job),
      onReply: (fn) => child.on('message', (m) => fn(m as ParseReply)),
      onExit: (fn) => child.once('close', (code, signal) => fn({ code, signal, outOfMemory: OUT_OF_MEMORY.test(stderr) })),
      kill: () => void child.kill('SIGKILL')
    }
    return process
  }
}
