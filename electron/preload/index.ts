/**
 * The sandboxed preload: exposes exactly the contract (see api.ts) as `window.cermat`. Only
 * 'electron' may be required here; shared/api is pure and gets bundled in.
 */
import { contextBridge, ipcRenderer } from 'electron'

import type { CermatApi } from '../../shared/api/contract'
import { buildApi } from './api'

const api = buildApi(
  (channel, method, args) => ipcRenderer.invoke(channel, method, args),
  (channel, listener) => {
    ipcRenderer.on(channel, listener)
    return () => {
      ipcRenderer.removeListener(channel, listener)
    }
  }
) satisfies CermatApi

contextBridge.exposeInMainWorld('cermat', api)
