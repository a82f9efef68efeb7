// Lint: TypeScript rules, and where code may run, enforced rather than remembered.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import simpleImportSort from 'eslint-plugin-simple-import-sort'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeOnly = ['electron', 'electron/*', 'node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'ws']
// shared/ is pure TypeScript: it runs in the engine worker, the CLI and the renderer alike.
const sharedPure = [
  { group: nodeOnly, message: 'shared/ imports no electron, node: or Node module: pass it in through a port (shared/engine/ports.ts).' },
  { group: ['react', 'react-dom', 'ag-grid-*', 'zustand'], message: 'shared/ has no UI code.' }
]
// Direction inside shared/: domain ← api ← engine, and i18n beside them. A later block replaces
// an earlier block's no-restricted-imports, so each layer repeats the purity patterns.
const layer = (...extra) => ['error', { patterns: [...sharedPure, ...extra] }]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always']
    }
  },
  {
    // One import order everywhere, fixed by `npm run format` (eslint --fix), so diffs show real changes.
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: { 'simple-import-sort/imports': 'error', 'simple-import-sort/exports': 'error' }
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': layer(),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require', '__dirname']
    }
  },
  {
    // Domain rules are the bottom layer: what they need comes in as arguments, not from above.
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': layer({
        regex: '^(\\.\\./)+(api|engine|i18n)(/|$)|^@shared/(api|engine|i18n)(/|$)',
        message: 'shared/domain imports nothing from api, engine or i18n: move the rule down into domain, or pass the value in.'
      })
    }
  },
  {
    files: ['shared/api/**/*.ts'],
    rules: {
      'no-restricted-imports': layer({
        regex: '^(\\.\\./)+engine(/|$)|^@shared/engine(/|$)',
        message: 'The contract (shared/api) imports nothing from the engine: the engine implements the contract, not the other way round.'
      })
    }
  },
  {
    files: ['shared/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': layer({
        regex: '(^|/)renderer(/|$)|^@renderer(/|$)',
        message: 'The engine imports nothing from the renderer.'
      })
    }
  },
  {
    // The table layer sits under views, commands, match and package: it imports none of them.
    files: ['shared/engine/tables/**/*.ts'],
    rules: {
      'no-restricted-imports': layer(
        { regex: '(^|/)renderer(/|$)|^@renderer(/|$)', message: 'The engine imports nothing from the renderer.' },
        {
          group: [
            '../commands/*',
            '../match/*',
            '../import/*',
            '../package/*',
            '../store/*',
            '../migrations',
            '../migrations/*',
            '../views',
            '../engine',
            '../dispatch',
            '../audit',
            '../report',
            '../../i18n',
            '../../i18n/*'
          ],
          message: 'The table layer sits below views, commands, match and package: it imports only db.ts, domain/, api/ and its own files.'
        }
      )
    }
  },
  {
    // The renderer reaches the engine only through window.cermat (renderer/src/lib/backend.ts).
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeOnly, message: 'The renderer runs sandboxed: no electron or Node modules.' },
            {
              group: ['**/shared/engine/**', '@shared/engine/**'],
              message: 'The renderer never runs the engine: call it through lib/backend.ts.'
            }
          ]
        }
      ]
    }
  },
  {
    // Screens call store actions; only the store calls the backend (so a fake backend tests it all).
    // This block replaces the renderer's import rule for these files, so it repeats its patterns.
    files: ['renderer/src/features/**/*.{ts,tsx}', 'renderer/src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeOnly, message: 'The renderer runs sandboxed: no electron or Node modules.' },
            { group: ['**/shared/engine/**', '@shared/engine/**'], message: 'The renderer never runs the engine.' },
            {
              group: ['**/lib/backend', '**/lib/backend.ts', '@renderer/lib/backend'],
              message: 'Call a store action: only the store uses lib/backend.ts.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['renderer/src/lib/backend.ts', 'renderer/src/cermat-env.d.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'cermat', message: 'Only renderer/src/lib/backend.ts touches window.cermat.' }
      ]
    }
  },
  {
    // The preload runs sandboxed: only electron and what the bundler inlines.
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'fs', 'path'], message: 'A sandboxed preload cannot load Node modules.' }] }
      ]
    }
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  {
    files: ['test/e2e/host/bridge.js'],
    languageOptions: { globals: { ...globals.browser, __METHODS__: 'readonly' } }
  }
)
