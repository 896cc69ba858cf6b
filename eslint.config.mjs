// Lint rules, including the layering rule: what may import what (see docs/ARCHITECTURE.md).
//   common   → nothing of ours (and no node:, electron or DOM-only modules)
//   core     → common
//   print    → core, common (drives a local Chromium; core never imports it)
//   server, cli, electron → core, common (server and cli may also use print)
//   renderer → src-main/common only
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layer = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': 'allow-with-description', 'ts-expect-error': 'allow-with-description' }],
    },
  },
  {
    files: ['bin/**/*.cjs', 'scripts/**/*.{js,mjs,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src-renderer/**/*.{ts,svelte}', '**/*.svelte.ts'],
    languageOptions: { globals: { ...globals.browser }, parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  layer(
    ['src-main/common/**/*.ts'],
    ['node:*', 'electron', 'better-sqlite3', '**/core/**', '**/server/**', '**/cli/**', '**/electron/**', '../core*', '../server*', '../cli*', '../electron*'],
    'src-main/common is the contract: it imports nothing from Node, Electron or the other layers.',
  ),
  layer(
    ['src-main/core/**/*.ts'],
    ['electron', '**/server/**', '**/cli/**', '**/electron/**', '**/print/**', '../server*', '../cli*', '../electron*', '../print*', '../../server*', '../../cli*', '../../electron*', '../../print*'],
    'src-main/core is plain Node logic: it may import src-main/common, never electron, the server, the CLI, the desktop shell or the printer.',
  ),
  layer(
    ['src-main/print/**/*.ts'],
    ['electron', '**/server/**', '**/cli/**', '**/electron/**', '../server*', '../cli*', '../electron*'],
    'src-main/print drives a browser to print what core builds: it may import core and common, never electron, the server or the CLI.',
  ),
  layer(
    ['src-renderer/**/*.{ts,svelte}'],
    ['node:*', 'electron', 'better-sqlite3', '**/src-main/core/**', '**/src-main/server/**', '**/src-main/cli/**', '**/src-main/electron/**'],
    'The renderer talks to the main process only through the API; it may import src-main/common and nothing else of src-main.',
  ),
);
