// Test host bridge: defines window.cermat over a loopback WebSocket with exactly the preload's API.
// Served by server.ts, which fills in the method list and the session token. Plain JS: not part of the app.
;(() => {
  const methods = __METHODS__
  const socket = new WebSocket(`ws://${location.host}/__cermat/ws?token=__TOKEN__`)
  const ready = new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true })
    socket.addEventListener('error', reject, { once: true })
  })
  const pending = new Map()
  const listeners = new Set()
  const shellListeners = new Set()
  let seq = 0

  const toB64 = (bytes) => {
    let s = ''
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
    return btoa(s)
  }
  const fromB64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
  const encode = (v) => JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? { $bytes: toB64(x) } : x))
  const decode = (t) =>
    JSON.parse(t, (_k, x) =>
      x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 1 && typeof x.$bytes === 'string' ? fromB64(x.$bytes) : x
    )

  socket.addEventListener('message', (e) => {
    const msg = decode(e.data)
    if (msg.kind === 'reply') {
      pending.get(msg.id)?.(msg.result)
      pending.delete(msg.id)
    } else if (msg.kind === 'progress') {
      for (const l of listeners) l(msg.event)
    } else if (msg.kind === 'shell') {
      // What Electron main sends on its own (menu, a package opened); the test host may send it too.
      for (const l of shellListeners) l(msg.event)
    }
  })
  socket.addEventListener('close', () => {
    for (const resolve of pending.values())
      resolve({ ok: false, error: { code: 'ENGINE_UNAVAILABLE', message: 'Koneksi ke mesin data terputus.' } })
    pending.clear()
  })

  const api = {}
  for (const name of methods) {
    api[name] = async (args) => {
      await ready
      const id = ++seq
      return new Promise((resolve) => {
        pending.set(id, resolve)
        socket.send(encode({ id, method: name, args }))
      })
    }
  }
  api.onProgress = (listener) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }
  api.onShellEvent = (listener) => {
    shellListeners.add(listener)
    return () => shellListeners.delete(listener)
  }
  Object.defineProperty(window, 'cermat', { value: Object.freeze(api), writable: false })
})()
