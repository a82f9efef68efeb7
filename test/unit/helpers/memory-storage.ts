import { MemoryStorage } from '../../../shared/engine/store/memory-storage'

/**
 * The in-memory workspace with fault injection: `failNext` makes the next write of a matching
 * name throw, after writing `partial` bytes of an append (a torn write).
 */
export class FaultyStorage extends MemoryStorage {
  private faults: { match: RegExp; partial: number }[] = []

  get entries(): Map<string, Uint8Array> {
    return this.files
  }

  failNext(match: RegExp, partial = 0): void {
    this.faults.push({ match, partial })
  }

  private fault(name: string): { partial: number } | undefined {
    const i = this.faults.findIndex((f) => f.match.test(name))
    return i < 0 ? undefined : this.faults.splice(i, 1)[0]
  }

  override async writeAtomic(name: string, data: Uint8Array): Promise<void> {
    if (this.fault(name)) throw new Error(`injected write failure: ${name}`)
    return super.writeAtomic(name, data)
  }

  override async append(name: string, data: Uint8Array): Promise<void> {
    const fault = this.fault(name)
    if (!fault) return super.append(name, data)
    await super.append(name, data.subarray(0, Math.min(fault.partial, data.length)))
    throw new Error(`injected append failure: ${name}`)
  }
}
