/**
 * Small argument validators for the IPC boundary. Every method's arguments are checked
 * against one of these before any handler runs (main process, test host and worker alike).
 * Objects reject unknown keys so nothing unexpected travels further in.
 */
export class SchemaError extends Error {
  readonly path: string
  constructor(path: string, message: string) {
    super(`${path || 'args'}: ${message}`)
    this.name = 'SchemaError'
    this.path = path
  }
}

export type Check<T> = (value: unknown, path: string) => T
export type Infer<C> = C extends Check<infer T> ? T : never

export function str(opts: { min?: number; max: number; pattern?: RegExp }): Check<string> {
  return (v, path) => {
    if (typeof v !== 'string') throw new SchemaError(path, 'harus teks')
    // NUL ends strings in C-based code (SQLite text, file names) and hides what follows.
    if (v.includes('\u0000')) throw new SchemaError(path, 'berisi karakter NUL')
    if (v.length < (opts.min ?? 0)) throw new SchemaError(path, `minimal ${opts.min ?? 0} karakter`)
    if (v.length > opts.max) throw new SchemaError(path, `maksimal ${opts.max} karakter`)
    if (opts.pattern && !opts.pattern.test(v)) throw new SchemaError(path, 'format tidak sah')
    return v
  }
}

export function int(opts: { min: number; max: number }): Check<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new SchemaError(path, 'harus bilangan bulat')
    if (v < opts.min || v > opts.max) throw new SchemaError(path, `harus antara ${opts.min} dan ${opts.max}`)
    return v
  }
}

export function bool(): Check<boolean> {
  return (v, path) => {
    if (typeof v !== 'boolean') throw new SchemaError(path, 'harus true atau false')
    return v
  }
}

/** A calendar date as YYYY-MM-DD that exists (no 2026-02-30, no 9999-99-99). */
export function isoDate(): Check<string> {
  const shape = str({ min: 10, max: 10, pattern: /^\d{4}-\d{2}-\d{2}$/ })
  return (v, path) => {
    const text = shape(v, path)
    const [y, m, d] = text.split('-').map(Number) as [number, number, number]
    const date = new Date(Date.UTC(y, m - 1, d))
    if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
      throw new SchemaError(path, 'tanggal tidak ada')
    }
    return text
  }
}

export function bytes(opts: { max: number }): Check<Uint8Array> {
  return (v, path) => {
    if (!(v instanceof Uint8Array)) throw new SchemaError(path, 'harus berupa byte')
    if (v.byteLength > opts.max) throw new SchemaError(path, `lebih dari ${opts.max} byte`)
    return v
  }
}

export function oneOf<const T extends readonly string[]>(values: T): Check<T[number]> {
  return (v, path) => {
    if (typeof v !== 'string' || !values.includes(v)) throw new SchemaError(path, `harus salah satu dari ${values.join(', ')}`)
    return v as T[number]
  }
}

export function arr<T>(item: Check<T>, opts: { min?: number; max: number }): Check<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) throw new SchemaError(path, 'harus daftar')
    if (v.length < (opts.min ?? 0)) throw new SchemaError(path, `minimal ${opts.min ?? 0} butir`)
    if (v.length > opts.max) throw new SchemaError(path, `maksimal ${opts.max} butir`)
    // map() skips holes, so a sparse array would pass unchecked and reach handlers as undefined.
    const out: T[] = []
    for (let i = 0; i < v.length; i++) {
      if (!Object.hasOwn(v, i)) throw new SchemaError(`${path}[${i}]`, 'kosong (daftar berlubang)')
      out.push(item(v[i], `${path}[${i}]`))
    }
    return out
  }
}

export function optional<T>(check: Check<T>): Check<T | undefined> {
  const c: Check<T | undefined> = (v, path) => (v === undefined ? undefined : check(v, path))
  return Object.assign(c, { optional: true })
}

type Shape = Record<string, Check<unknown>>
type ObjOf<S extends Shape> = { [K in keyof S as undefined extends Infer<S[K]> ? never : K]: Infer<S[K]> } & {
  [K in keyof S as undefined extends Infer<S[K]> ? K : never]?: Infer<S[K]>
}
type Simplify<T> = { [K in keyof T]: T[K] }

export function obj<S extends Shape>(shape: S): Check<Simplify<ObjOf<S>>> {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
      throw new SchemaError(path, 'harus objek')
    }
    const proto = Object.getPrototypeOf(v) as unknown
    if (proto !== Object.prototype && proto !== null) throw new SchemaError(path, 'harus objek biasa')
    const input = v as Record<string, unknown>
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(shape, key)) throw new SchemaError(path ? `${path}.${key}` : key, 'tidak dikenal')
    }
    const out = Object.create(null) as Record<string, unknown>
    for (const [key, check] of Object.entries(shape)) {
      const value = check(input[key], path ? `${path}.${key}` : key)
      if (value !== undefined) out[key] = value
    }
    return out as Simplify<ObjOf<S>>
  }
}

export const empty = obj({})
