// The one lint configuration for the workspace. Each package runs `eslint .` from its own folder
// (its `lint` script), and ESLint finds this file by walking up; the root's own scripts and configs
// are the root's `lint:root`. `pnpm lint` runs both through turbo. It is type-aware
// (typescript-eslint's project service reads each package's tsconfig), so it catches what the
// compiler does not: promises nobody awaits, promises passed where the caller ignores the result,
// and code nobody uses. Style is not its job: no formatting rules, no import order, nothing that
// rewrites lines that work.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './apps/web/svelte.config.js';

/** Test files and the test harness. */
const testFiles = ['**/*.test.ts', 'apps/hub/src/testing/**'];

/** The rules about `any` values, off where values are untyped on purpose (wire JSON in tests, plain JavaScript). */
const anyValueRulesOff = {
  '@typescript-eslint/no-unsafe-argument': 'off',
  '@typescript-eslint/no-unsafe-assignment': 'off',
  '@typescript-eslint/no-unsafe-call': 'off',
  '@typescript-eslint/no-unsafe-member-access': 'off',
  '@typescript-eslint/no-unsafe-return': 'off',
  '@typescript-eslint/restrict-template-expressions': ['error', { allowAny: true, allowNumber: true, allowBoolean: true, allowNullish: true }],
};

export default defineConfig(
  globalIgnores(['**/node_modules/', '**/build/', '**/dist/', '**/.svelte-kit/', '**/coverage/', '**/.turbo/', 'bench/results/']),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error', reportUnusedInlineConfigs: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  svelte.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: {
        projectService: {
          // Files that no package's tsconfig includes: the plain Node scripts, the ES module
          // configs and the service worker (SvelteKit types it apart). They are checked against the
          // workspace's base options (strict). At most 8 files, so the list stays explicit.
          allowDefaultProject: ['scripts/*.mjs', 'apps/hub/scripts/*.mjs', 'bench/scripts/*.mjs', 'apps/web/scripts/*.mjs', 'apps/web/svelte.config.js', 'apps/web/src/service-worker.ts', 'eslint.config.mjs'],
          defaultProject: 'tsconfig.base.json',
        },
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, svelteConfig } },
  },
  {
    files: ['apps/web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    rules: {
      // Unused code, imports included (an unused import is an unused variable). A leading
      // underscore marks a parameter kept for its position (an Express error handler's `next`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // A promise nobody awaits, or one handed to a caller that ignores the result (an event
      // listener, a timer), loses its rejection: an unhandled rejection stops the hub.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',

      // Turned off from strictTypeChecked, each for a reason:
      // - With `noUncheckedIndexedAccess` every index read is `T | undefined`; `!` is how the code
      //   says "this index is in range", and replacing it would rewrite hundreds of working lines.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // - Style: it forbids `() => doSomething()` arrow shorthands that return void.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // - The memory stores implement the same async interfaces as the Redis stores; `async`
      //   keeps a throw a rejection in both, so a function with no `await` is intended there.
      '@typescript-eslint/require-await': 'off',
      // - The web app is served at the origin's root (no `paths.base`), so wrapping every link and
      //   `goto` in `resolve()` would change nothing.
      'svelte/no-navigation-without-resolve': 'off',
      // Numbers, booleans and null in a template string print as intended; objects (which print
      // "[object Object]") and `any` are still refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
    },
  },
  {
    // What ships must log through the hub's logger (pino, with its redaction), never the console,
    // so nothing a member says can reach a log line by accident. Tests, the bench and the
    // scripts print their figures on purpose.
    files: ['apps/*/src/**', 'packages/*/src/**'],
    ignores: testFiles,
    rules: { 'no-console': 'error' },
  },
  {
    // `void state.field;` is how a Svelte 5 effect names a dependency it does not otherwise read.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    rules: { '@typescript-eslint/no-meaningless-void-operator': 'off' },
  },
  {
    // Tests and the bench's load generator read answers off the wire as untyped JSON on purpose
    // (they check what the hub sends, not what the types promise) and send malformed payloads
    // with `as any`; typing them would only add casts.
    files: [...testFiles, 'bench/src/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      ...anyValueRulesOff,
      '@typescript-eslint/restrict-plus-operands': ['error', { allowAny: true }],
    },
  },
  {
    // Tests guard their cleanup (`await browser?.close()`) for when a `beforeAll` failed before
    // assigning the fixture, which the declared type cannot say; and they compare wire answers
    // whose declared types are narrower than what may arrive.
    files: testFiles,
    rules: { '@typescript-eslint/no-unnecessary-condition': 'off' },
  },
  {
    // Plain JavaScript declares no types, so the rules about `any` would flag every value.
    files: ['**/*.mjs', '**/*.js'],
    rules: {
      ...anyValueRulesOff,
      '@typescript-eslint/restrict-plus-operands': 'off',
    },
  },
  {
    // CommonJS configuration files and the jest reporter: no tsconfig covers them and they hold
    // no promises, so they get the untyped rules only; `require` is how CommonJS imports.
    files: ['**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
