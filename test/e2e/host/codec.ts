/**
 * JSON with byte arrays, for the test host's WebSocket: a Uint8Array travels as {"$bytes": base64}.
 * bridge.js holds the same two functions for the browser side.
 */
export function encode(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString('base64') } : v))
}

export function decode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      Object.keys(v).length === 1 &&
      typeof (v as { $bytes?: unknown }).$bytes === 'string'
    ) {
      return new Uint8Array(Buffer.from((v as { $bytes: string }).$bytes, 'base64'))
    }
    return v
  })
}
