/**
 * A flaky link between sender and receiver, in test code: a TCP proxy on 127.0.0.1 that cuts
 * each connection after `cutEveryBytes` bytes upstream, delays every piece by `latencyMs`, and can
 * throttle to a bit rate. It counts what it forwarded and how many connections it cut. With
 * `holdAfterBytes` it stops forwarding upstream once that many bytes went through (`held`
 * resolves), until `release()`: tests act "mid-upload" at a known point, not after a guessed time.
 */
import net from 'node:net'

export interface FlakyProxy {
  url: string
  port: number
  stats: { connections: number; cuts: number; upstreamBytes: number }
  held: Promise<void>
  release(): void
  close(): Promise<void>
}

export function startProxy(
  target: { port: number },
  opts: { cutEveryBytes?: number; latencyMs?: number; bitsPerSecond?: number; holdAfterBytes?: number } = {}
): Promise<FlakyProxy> {
  const stats = { connections: 0, cuts: 0, upstreamBytes: 0 }
  let onHeld = () => {}
  const held = new Promise<void>((r) => (onHeld = r))
  let gate: Promise<void> | null = null
  let openGate = () => {}
  const release = () => {
    opts.holdAfterBytes = undefined
    openGate()
  }
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    stats.connections++
    const upstream = net.connect(target.port, '127.0.0.1')
    sockets.add(client).add(upstream)
    let sent = 0
    let closed = false
    const end = () => {
      if (closed) return
      closed = true
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
    let queue = Promise.resolve()
    const delay = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve())
    // Pieces go out in order. Latency counts from each piece's arrival (pieces in flight overlap,
    // as on a real link); the throttle then spends the piece's transmission time.
    client.on('data', (chunk: Buffer) => {
      const arrived = Date.now()
      queue = queue.then(async () => {
        await delay(arrived + (opts.latencyMs ?? 0) - Date.now())
        await delay(opts.bitsPerSecond ? (chunk.length * 8 * 1000) / opts.bitsPerSecond : 0)
        if (opts.holdAfterBytes !== undefined && stats.upstreamBytes >= opts.holdAfterBytes) {
          gate ??= new Promise<void>((r) => (openGate = r))
          onHeld()
          await gate
        }
        if (closed) return
        let piece = chunk
        if (opts.cutEveryBytes !== undefined && sent + piece.length >= opts.cutEveryBytes) {
          piece = piece.subarray(0, opts.cutEveryBytes - sent)
          upstream.write(piece)
          stats.upstreamBytes += piece.length
          stats.cuts++
          // Let the partial piece reach the receiver, then cut both sides.
          upstream.end(() => end())
          return
        }
        sent += piece.length
        stats.upstreamBytes += piece.length
        upstream.write(piece)
      })
    })
    let downQueue = Promise.resolve()
    upstream.on('data', (chunk: Buffer) => {
      const arrived = Date.now()
      downQueue = downQueue.then(async () => {
        await delay(arrived + (opts.latencyMs ?? 0) - Date.now())
        if (closed) return
        client.write(chunk)
      })
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        stats,
        held,
        release,
        close: () =>
          new Promise<void>((r) => {
            release()
            for (const s of sockets) s.destroy()
            server.close(() => r())
          })
      })
    })
  })
}
