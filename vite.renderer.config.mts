// The renderer alone, for working on the UI in a browser (`npm run dev:renderer`): the Electron
// binary is not needed. Pair it with the test host for a real engine behind window.cermat.
import { resolve } from 'node:path'

import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  resolve: { alias: { '@renderer': resolve(import.meta.dirname, 'renderer/src'), '@shared': resolve(import.meta.dirname, 'shared') } },
  plugins: [react()],
  build: { outDir: resolve(import.meta.dirname, 'out/renderer-dev'), emptyOutDir: true }
})
