import { withAdminClient } from './database';

/** Drops the template and whatever clones a crashed test file left behind. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env.EFRO_TEST_TEMPLATE;
  if (!template) return;
  await withAdminClient(async (c) => {
    // The template and its clones (`<template>_<hex>`), nothing else: `_` is a LIKE wildcard.
    const clones = `${template.replace(/[\\%_]/g, '\\$&')}\\_%`;
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [template, clones]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}
