/**
 * The renderer's store: one zustand store combined from slices (zustand's "slices pattern"), each
 * in its own file. It holds UI state and cached views; the truth lives in the engine. Actions (verbs,
 * named after what the operator does) call the backend and fold its answers in; components read
 * state through selectors (selectors.ts) and call actions, never the backend.
 */
import { create } from 'zustand'
import { createStore, type StateCreator } from 'zustand/vanilla'

import { windowBackend } from '../lib/backend'
import { approvalInitial, approvalSlice } from './approval'
import { daftarInitial, daftarSlice } from './daftar'
import { deliveryInitial, deliverySlice } from './delivery'
import { exportInitial, exportSlice } from './exports'
import { importInitial, importSlice } from './import'
import { noticesInitial, noticesSlice } from './notices'
import { reviewInitial, reviewSlice } from './review'
import { rowsInitial, rowsSlice } from './rows'
import { sessionInitial, sessionSlice } from './session'
import { settingsInitial, settingsSlice } from './settings'
import type { AppState, StoreDeps } from './types'
import { viewerInitial, viewerSlice } from './viewer'

export type * from './types'

/** Everything a fresh store holds but this PC's preferences (fresh Maps and Sets each time). */
const initialData = () => ({
  ...sessionInitial(),
  ...rowsInitial(),
  ...importInitial(),
  ...reviewInitial(),
  ...noticesInitial(),
  ...exportInitial(),
  ...daftarInitial(),
  ...settingsInitial(),
  ...viewerInitial(),
  ...approvalInitial(),
  ...deliveryInitial()
})

const appState =
  (deps: StoreDeps): StateCreator<AppState> =>
  (set, get) => ({
    ...sessionSlice(set, get, deps),
    ...rowsSlice(set, get, deps),
    ...importSlice(set, get, deps),
    ...reviewSlice(set, get, deps),
    ...noticesSlice(set, get, deps),
    ...exportSlice(set, get, deps),
    ...daftarSlice(set, get, deps),
    ...settingsSlice(set, get, deps),
    ...viewerSlice(set, get, deps),
    ...approvalSlice(set, get, deps),
    ...deliverySlice(set, get, deps),
    reset(keep = {}) {
      get().stopRowLoads()
      set({ ...initialData(), ...keep })
    }
  })

/** A store of its own over the given backend (unit tests; no React needed). */
export const createAppStore = (deps: StoreDeps) => createStore<AppState>()(appState(deps))

/** The app's store, over window.cermat. */
export const useAppStore = create<AppState>()(appState({ backend: windowBackend, later: (fn, ms) => void setTimeout(fn, ms) }))
