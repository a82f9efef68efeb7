import { resolve } from 'node:path'

import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

import pkg from './package.json'

// Every entry is explicit: electron-vite's defaults look under src/main, src/preload and
// src/renderer, and our layout is electron/ + renderer/ (see docs/architecture.md).
export default defineConfig({
  main: {
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'engine-worker': resolve(__dirname, 'electron/engine-host/worker.ts'),
          'parse-child': resolve(__dirname, 'electron/engine-host/parse-child.ts'),
          cli: resolve(__dirname, 'electron/cli/index.ts')
        }
      }
    }
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    base: './',
    resolve: { alias: { '@renderer': resolve(__dirname, 'renderer/src'), '@shared': resolve(__dirname, 'shared') } },
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rolldownOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } }
    }
  }
})
