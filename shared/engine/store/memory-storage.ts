import type { WorkspaceStorage } from '../ports'

/** A workspace that lives only in memory: `cermat check` uses it so no personal data touches the disk. */
export class MemoryStorage implements WorkspaceStorage {
  readonly location: string
  protected readonly files = new Map<string, Uint8Array>()

  constructor(location = 'memori') {
    this.location = location
  }

  async read(name: string): Promise<Uint8Array | null> {
    const f = this.files.get(name)
    return f ? f.slice() : null
  }

  async writeAtomic(name: string, data: Uint8Array): Promise<void> {
    this.files.set(name, data.slice())
  }

  async append(name: string, data: Uint8Array): Promise<void> {
    const old = this.files.get(name) ?? new Uint8Array()
    const next = new Uint8Array(old.length + data.length)
    next.set(old)
    next.set(data, old.length)
    this.files.set(name, next)
  }

  async truncate(name: string, length: number): Promise<void> {
    const f = this.files.get(name)
    if (f) this.files.set(name, f.slice(0, length))
  }

  async remove(name: string): Promise<void> {
    this.files.delete(name)
  }

  async list(): Promise<string[]> {
    return [...this.files.keys()].filter((n) => !n.includes('/'))
  }

  async listAll(): Promise<string[]> {
    return [...this.files.keys()]
  }
}
