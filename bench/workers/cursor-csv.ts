// Baseline child for the export section: the export's query through a plain pg cursor (batches
// like the app's), each row written as one ';'-separated line to a file, with no framework.
// Prints one JSON line.
//
// usage: node cursor-csv.js '{"url":"postgres://…","sql":"SELECT …","params":[…],"batch":2000,"out":"/dev/null"}'
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Client } from 'pg';
import Cursor from 'pg-cursor';

export interface CursorJob {
  url: string;
  sql: string;
  params: unknown[];
  batch: number;
  out: string;
  /** Row keys in column order; a key listed twice is written twice (the app's cents columns). */
  fields: string[];
}

export interface CursorResult {
  rows: number;
  bytes: number;
  elapsedMs: number;
  firstRowMs: number;
  maxRssKb: number;
}

const CHUNK = 64 * 1024;

function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function main(job: CursorJob): Promise<CursorResult> {
  const started = performance.now();
  const client = new Client({ connectionString: job.url, application_name: 'efro-bench-cursor' });
  await client.connect();
  const out = createWriteStream(job.out);
  let rows = 0;
  let firstRowMs = 0;
  try {
    const cursor = client.query(new Cursor<Record<string, unknown>>(job.sql, job.params));
    let chunk = `${job.fields.join(';')}\r\n`;
    for (;;) {
      const batch = await cursor.read(job.batch);
      if (batch.length === 0) break;
      if (rows === 0) firstRowMs = performance.now() - started;
      for (const row of batch) {
        let line = '';
        for (let i = 0; i < job.fields.length; i++) line += (i > 0 ? ';' : '') + field(row[job.fields[i]]);
        chunk += `${line}\r\n`;
        rows += 1;
      }
      if (chunk.length >= CHUNK) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    out.end(chunk);
    await once(out, 'finish');
    await cursor.close();
  } finally {
    await client.end();
  }
  return { rows, bytes: out.bytesWritten, elapsedMs: performance.now() - started, firstRowMs, maxRssKb: process.resourceUsage().maxRSS };
}

main(JSON.parse(process.argv[2] ?? '{}') as CursorJob).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
