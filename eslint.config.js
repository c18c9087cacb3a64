import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

/** Layers of docs/design.md / ARCHITECTURE.md, enforced: who may import whom. */
const layer = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
  },
});

export default ts.config(
  {
    ignores: [
      'dist/',
      '.engines/',
      'node_modules/',
      'test-results/',
      'tmp/',
      'coverage/',
      'bench/out/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  layer(
    ['src/query/**'],
    [
      '**/crm/**',
      '**/engine/**',
      '**/ingest/**',
      '**/state/**',
      '**/ui/**',
      '**/charts/**',
      '**/cli/**',
      '**/demo/**',
      '@duckdb/*',
    ],
    'query/ is pure: it imports nothing of ours but lib/',
  ),
  layer(
    ['src/charts/**'],
    [
      '**/crm/**',
      '**/engine/**',
      '**/ingest/**',
      '**/state/**',
      '**/ui/**',
      '**/cli/**',
      '**/demo/**',
      '@duckdb/*',
    ],
    'charts/ is pure: data in, Plot options / layout out',
  ),
  layer(
    ['src/ui/**'],
    [
      '**/engine/**',
      '**/ingest/**',
      '**/demo/**',
      '**/query/compile.ts',
      '**/query/compile',
      '@duckdb/*',
    ],
    'ui/ renders state and calls state methods; only state/ reaches the engine',
  ),
  layer(
    ['src/crm/**', 'src/ingest/**', 'src/state/**', 'src/cli/**', 'src/demo/**', 'src/lib/**'],
    ['@duckdb/*'],
    'only engine/ touches DuckDB',
  ),
  {
    // Native engines load Node addons: only the CLI (and tests, benchmarks) may reach them, so the
    // browser bundle cannot include them. A separate rule name, so the layer rules above still apply.
    files: ['src/**'],
    ignores: ['src/cli/**', 'src/engine/native*.ts', 'src/engine/chdb*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/engine/native*',
                '**/engine/chdb*',
                '@duckdb/node-api',
                '@duckdb/node-bindings',
                'chdb',
              ],
              message: 'native engines are Node-only; the browser bundle must not include them',
            },
          ],
        },
      ],
    },
  },
);
