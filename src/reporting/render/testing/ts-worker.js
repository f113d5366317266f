'use strict';
// Test support only: runs pdf.worker.ts in a real worker thread under Jest. Worker threads do
// not inherit Jest's transform, so this compiles TypeScript on require with @swc/core (a dev
// dependency). The compiled build runs dist/src/reporting/render/pdf.worker.js directly.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

require('../pdf.worker.ts');
