// Lint rules for the whole repository: TypeScript-aware recommended rules plus React hooks rules for the app.
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import { builtinModules } from 'node:module'

// Import patterns for the boundaries below (regular expressions over the import specifier).
const APP = { regex: '^@/|(^|/)src(/|$)', message: '不得引用应用代码 src/（共享规则放在 domain/，接口约定放在 types/）。' }
const SERVER = { regex: '(^|/)server(/|$)', message: '不得引用服务端代码 server/。' }
const TARO = { regex: '^@tarojs/', message: 'domain/ 是纯规则，不得依赖 Taro。' }
const NODE = {
  regex: `^(node:|(${builtinModules.filter((m) => !m.startsWith('_')).join('|')})(/|$))`,
  message: 'domain/ 是纯规则，不得依赖 Node 内置模块或做 I/O。',
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'test/artifacts/**', 'coverage/**', '.swc/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-console': 'off',
    },
  },
  // Import boundaries (ARCHITECTURE.md): the shared rules (domain/) and the contract (types/) stand on nothing of the
  // app or the server; the server never imports the app; the app never imports the server. Written after the general
  // rules so these files get exactly these restrictions.
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [APP] }] },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SERVER] }] },
  },
  {
    files: ['types/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [APP, SERVER] }] },
  },
  {
    files: ['domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [APP, SERVER, TARO, NODE] }] },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
  },
)
