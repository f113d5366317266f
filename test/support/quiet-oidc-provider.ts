/**
 * oidc-provider tells, on every start, that its development conveniences (in-memory adapter,
 * login page, default lifetimes) are not for production: true, and exactly what the tests
 * want. Those notices only are kept out of the test output; anything else still shows.
 */
for (const level of ['warn', 'info'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider ')) return;
    original(...args);
  };
}
export {};
