import { Readable } from 'node:stream';
import fc from 'fast-check';
import { CrlfLineEnds, csvSelectList } from './csv-sql';

async function through(chunks: Buffer[], prefix?: string): Promise<string> {
  const out: string[] = [];
  for await (const chunk of Readable.from(chunks).pipe(new CrlfLineEnds(prefix))) out.push(chunk as string);
  return out.join('');
}

/** Cuts `text` into chunks at the given (sorted, deduplicated) byte offsets. */
function cut(text: string, at: number[]): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const points = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  chunks.push(bytes.subarray(from));
  return chunks.filter((c) => c.length > 0);
}

describe('CrlfLineEnds', () => {
  it('ends lines with CRLF and leaves line feeds inside quoted fields alone', async () => {
    const copy = 'a;"b\nc";d\n"x""\n";;\n\n';
    expect(await through([Buffer.from(copy)])).toBe('a;"b\nc";d\r\n"x""\n";;\r\n\r\n');
  });

  it('puts the prefix first, also when there is no data at all', async () => {
    expect(await through([Buffer.from('1\n')], 'H\r\n')).toBe('H\r\n1\r\n');
    expect(await through([], 'H\r\n')).toBe('H\r\n');
  });

  it('gives the same output however the input is cut into chunks', async () => {
    const field = fc.oneof(
      fc.stringMatching(/^[a-z;é€😀 ]{0,6}$/),
      fc.stringMatching(/^[a-z\n"é]{0,6}$/).map((s) => `"${s.replace(/"/g, '""')}"`),
    );
    const copyText = fc.array(fc.array(field, { minLength: 1, maxLength: 4 }).map((f) => `${f.join(';')}\n`), { maxLength: 8 }).map((l) => l.join(''));
    await fc.assert(
      fc.asyncProperty(copyText, fc.array(fc.nat(), { maxLength: 10 }), async (text, at) => {
        const whole = await through([Buffer.from(text)]);
        expect(await through(cut(text, at))).toBe(whole);
        // Every line end outside quotes became CRLF: no bare LF is left between records.
        expect(whole.replace(/"(?:[^"]|"")*"/g, '').replace(/\r\n/g, '')).not.toContain('\n');
      }),
    );
  });
});

describe('csvSelectList', () => {
  it('gives one field per column and a cents field after each euro column', () => {
    const list = csvSelectList([
      { header: 'A', key: 'a', type: 'text', sql: 't.a' },
      { header: 'B', key: 'b', type: 'euro', sql: 't.b' },
      { header: 'C', key: 'c', type: 'date', sql: 't.c' },
    ]);
    expect(list).toContain(`NULLIF((t.a)::text, '')`);
    expect(list).toContain(`(t.b)::bigint, to_char((t.c)::date, 'DD/MM/YYYY')`);
  });
});
