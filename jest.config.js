// One jest run, five projects: unit (domain, stores, API client), server (buildApp + inject on PGlite and,
// when DATABASE_URL is set, PostgreSQL), weapp (miniprogram-simulate on dist/weapp), alipay (build check),
// h5 (real server + chromium). Build-dependent projects build their target themselves when it is stale.
const base = {
  transform: { '^.+\\.[jt]sx?$': 'babel-jest' },
  // Jest 30's default 'soft' globals clean-up wraps MobX's global state object again for every test file in the
  // one --runInBand worker; after a few dozen files the nested setters overflow the stack and jest dies.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  // The path aliases of tsconfig.json (`@/` app, `@domain/` shared rules, `@contract/` API contract).
  moduleNameMapper: {
    '^@/(.*)$': '<rootDir>/src/$1',
    '^@domain$': '<rootDir>/domain/index.ts',
    '^@domain/(.*)$': '<rootDir>/domain/$1',
    '^@contract$': '<rootDir>/types/index.ts',
    '^@contract/(.*)$': '<rootDir>/types/$1',
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'json', 'cjs', 'mjs'],
}

module.exports = {
  testTimeout: 30000,
  projects: [
    { ...base, displayName: 'unit', testEnvironment: 'node', testMatch: ['<rootDir>/test/unit/**/*.test.ts?(x)'] },
    { ...base, displayName: 'server', testEnvironment: 'node', testMatch: ['<rootDir>/test/server/**/*.test.ts'] },
    { ...base, displayName: 'weapp', testEnvironment: 'node', testMatch: ['<rootDir>/test/weapp/**/*.test.ts'] },
    { ...base, displayName: 'alipay', testEnvironment: 'node', testMatch: ['<rootDir>/test/alipay/**/*.test.ts'] },
    { ...base, displayName: 'h5', testEnvironment: 'node', testMatch: ['<rootDir>/test/h5/**/*.test.ts'] },
  ],
}
