// NestJS 12 and some of its companions ship ES modules only; Jest on Node 20 needs
// them transformed to CommonJS, so @swc/jest handles .ts, .js and .mjs alike (`cookie`, which
// @fastify/cookie imports, too; openid-client and its jose, and the test provider oidc-provider).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const swcTsx = [swc[0], { ...swc[1], jsc: { ...swc[1].jsc, parser: { syntax: 'typescript', tsx: true, decorators: true }, transform: { ...swc[1].jsc.transform, react: { runtime: 'automatic' } } } }];

const common = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@fastify|fastify-plugin|content-disposition|pdf-parse|cookie|openid-client|oauth4webapi|jose|oidc-provider)/)'],
};

// The browser tests need Debian's chromium (`.ci/run` installs it; no browser download works
// here). Without it, `npm test` says so and runs the rest; in CI a missing browser is a failure.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = require('node:fs').existsSync(chromium);
if (!haveBrowser && process.env.CI) throw new Error(`CI needs ${chromium} for the browser tests (apt-get install chromium)`);
if (!haveBrowser) console.warn(`[jest] ${chromium} not found: browser tests left out (apt-get install chromium, or set CHROMIUM_PATH)`);

module.exports = {
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/scripts/summary-reporter.js'],
  maxWorkers: 2,
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/src'],
      testRegex: '.*\\.spec\\.ts$',
    },
    {
      // Pure modules of the web application (formatting, budget table logic), in Node.
      ...common,
      displayName: 'web',
      roots: ['<rootDir>/web/src'],
      testRegex: '.*\\.spec\\.tsx?$',
      moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
      transform: { '^.+\\.(t|j|mj)sx?$': swcTsx },
      moduleNameMapper: { '^@shared/(.*)$': '<rootDir>/src/core/$1', '^@server/(.*)$': '<rootDir>/src/$1' },
    },
    haveBrowser && {
      // Screens in real Chromium against the real service on PostgreSQL (web built by `npm run build`).
      ...common,
      displayName: 'browser',
      testEnvironment: '<rootDir>/test/browser/support/environment.ts',
      roots: ['<rootDir>/test/browser'],
      testRegex: '.*\\.browser-spec\\.ts$',
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // Services against a real database without HTTP, for the paths where features meet.
      ...common,
      displayName: 'service',
      roots: ['<rootDir>/test/service'],
      testRegex: '.*\\.service-spec\\.ts$',
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testRegex: '.*\\.e2e-spec\\.ts$',
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ].filter(Boolean),
};
