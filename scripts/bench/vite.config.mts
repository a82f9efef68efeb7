// Builds the benchmarks for Node (out/bench). Kept apart from the app build: nothing here ships.
import { resolve } from 'node:path'

import { defineConfig } from 'vite'

export default defineConfig({
  // grid.ts bundles the e2e test host (typed in its own TypeScript project).
  resolve: { alias: { 'cermat-e2e-host': resolve(import.meta.dirname, '../../test/e2e/host') } },
  build: {
    ssr: true,
    outDir: resolve(import.meta.dirname, '../../out/bench'),
    emptyOutDir: true,
    target: 'node20',
    rolldownOptions: {
      input: {
        engine: resolve(import.meta.dirname, 'engine.ts'),
        import: resolve(import.meta.dirname, 'import.ts'),
        check: resolve(import.meta.dirname, 'check.ts'),
        parse: resolve(import.meta.dirname, 'parse.ts'),
        read: resolve(import.meta.dirname, 'read.ts'),
        matching: resolve(import.meta.dirname, 'matching.ts'),
        accuracy: resolve(import.meta.dirname, 'accuracy.ts'),
        faults: resolve(import.meta.dirname, 'faults.ts'),
        delivery: resolve(import.meta.dirname, 'delivery.ts'),
        'berita-acara': resolve(import.meta.dirname, 'berita-acara.ts'),
        audit: resolve(import.meta.dirname, 'audit.ts'),
        'grid-rows': resolve(import.meta.dirname, 'grid-rows.ts'),
        // Three levels below the root: the test host it bundles finds the repository from __dirname.
        'grid/grid': resolve(import.meta.dirname, 'grid.ts')
      },
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
      external: [/^node:/, 'sql.js', 'xlsx', 'fflate', 'ws', 'playwright-core', 'pg', /^@tus\//, 'tus-js-client']
    }
  }
})
