// Builds the benchmarks for Node (out/bench). Kept apart from the app build: nothing here ships.
import { resolve } from 'node:path'
import { defineConfig } from 'vite'

export default defineConfig({
  build: {
    ssr: true,
    outDir: resolve(import.meta.dirname, '../../out/bench'),
    emptyOutDir: true,
    target: 'node20',
    rolldownOptions: {
      input: {
        engine: resolve(import.meta.dirname, 'engine.ts'),
        import: resolve(import.meta.dirname, 'import.ts'),
        matching: resolve(import.meta.dirname, 'matching.ts'),
        accuracy: resolve(import.meta.dirname, 'accuracy.ts')
      },
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
      external: [/^node:/, 'sql.js', 'xlsx', 'fflate']
    }
  }
})
