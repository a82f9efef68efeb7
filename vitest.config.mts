import { resolve } from 'node:path'

import { defineConfig } from 'vitest/config'

export default defineConfig({
  // The renderer's own aliases, so its unit tests (test/unit/renderer) import it as the app does.
  resolve: { alias: { '@renderer': resolve(import.meta.dirname, 'renderer/src'), '@shared': resolve(import.meta.dirname, 'shared') } },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/unit/global-setup.ts'],
    // Workspaces on disk are encrypted (docs/security.md); the CLI children read their passphrase from here (helpers/encrypted.ts).
    env: { CERMAT_PASSPHRASE: 'frasa sandi uji' },
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
