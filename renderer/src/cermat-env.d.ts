import type { CermatApi } from '../../shared/api/contract'

declare global {
  interface Window {
    /** The preload's API (Electron) or the test host's bridge: see shared/api/contract.ts. */
    cermat: CermatApi
  }
}
export {}
