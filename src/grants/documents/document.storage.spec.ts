import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '../../core/config/app.config';
import { DocumentChangedWhileServed, DocumentStorage } from './document.storage';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Chunks as a request would deliver them, optionally failing after some. */
async function* chunks(parts: Buffer[], failAfter?: number): AsyncGenerator<Buffer> {
  for (const [i, part] of parts.entries()) {
    if (failAfter !== undefined && i === failAfter) throw new Error('connection lost');
    yield part;
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of stream) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

describe('DocumentStorage (on a real folder)', () => {
  let dir: string;
  let storage: DocumentStorage;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'efro-storage-'));
    storage = new DocumentStorage(loadConfig({ NODE_ENV: 'test', UPLOAD_DIR: dir }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const parts = [Buffer.from('%PDF-1.7 first chunk '), Buffer.alloc(70_000, 0x61), Buffer.from(' last')];
  const whole = Buffer.concat(parts);

  it('stages under a temporary name while hashing, then places the file under its hash', async () => {
    const staged = await storage.stage(chunks(parts), (head) => head.subarray(0, 4).toString());
    expect(staged).toMatchObject({ sha256: sha256(whole), sizeBytes: whole.length, inspected: '%PDF' });
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^\.upload-.*\.part$/)]);
    await storage.place(staged);
    expect(readdirSync(dir)).toEqual([sha256(whole)]);
    expect(readFileSync(join(dir, sha256(whole))).equals(whole)).toBe(true);
    await storage.discard(staged); // a no-op once placed
    expect(readdirSync(dir)).toEqual([sha256(whole)]);
  });

  it('refused on its first bytes: reads the rest without writing it, and leaves nothing', async () => {
    let consumed = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for (const part of parts) {
        consumed += 1;
        yield part;
      }
    }
    await expect(
      storage.stage(counted(), () => {
        throw new Error('not a PNG');
      }),
    ).rejects.toThrow('not a PNG');
    expect(consumed).toBe(parts.length);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a source that fails midway leaves nothing', async () => {
    await expect(storage.stage(chunks(parts, 2), () => undefined)).rejects.toThrow('connection lost');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('inspects a file shorter than the head once, at its end', async () => {
    const seen: string[] = [];
    await storage.stage(chunks([Buffer.from('%PD'), Buffer.from('F')]), (head) => seen.push(head.toString()));
    expect(seen).toEqual(['%PDF']);
  });

  it('reads a stored file only when it still matches its hash and size', async () => {
    const staged = await storage.stage(chunks(parts), () => undefined);
    await storage.place(staged);
    const intact = await storage.read(staged.sha256, staged.sizeBytes);
    expect(intact.state).toBe('intact');
    if (intact.state === 'intact') expect((await readAll(intact.stream)).equals(whole)).toBe(true);

    expect(await storage.read(staged.sha256, staged.sizeBytes + 1)).toMatchObject({ state: 'changed', sizeBytes: whole.length, sha256: null });
    const other = Buffer.from(whole);
    other[10] ^= 1;
    writeFileSync(join(dir, staged.sha256), other);
    expect(await storage.read(staged.sha256, staged.sizeBytes)).toEqual({ state: 'changed', sizeBytes: whole.length, sha256: sha256(other) });
    rmSync(join(dir, staged.sha256));
    expect(await storage.read(staged.sha256, staged.sizeBytes)).toEqual({ state: 'missing' });
  });

  it('cuts a download off when the file changes between the check and the sending', async () => {
    const staged = await storage.stage(chunks(parts), () => undefined);
    await storage.place(staged);
    const intact = await storage.read(staged.sha256, staged.sizeBytes);
    if (intact.state !== 'intact') throw new Error('expected an intact file');
    const other = Buffer.from(whole);
    other[whole.length - 1] ^= 1;
    writeFileSync(join(dir, staged.sha256), other); // same inode, same size, other bytes
    const received: Buffer[] = [];
    intact.stream.on('data', (c: Buffer) => received.push(c));
    const error = await new Promise<unknown>((resolve) => intact.stream.once('error', resolve));
    expect(error).toBeInstanceOf(DocumentChangedWhileServed);
    // The last chunk was held back: the changed file never arrives whole.
    expect(Buffer.concat(received).length).toBeLessThan(whole.length);
  });

  it('lists leftovers by age: temporary files and stored files, nothing else', async () => {
    writeFileSync(join(dir, '.upload-00000000-0000-4000-8000-000000000000.part'), 'x');
    writeFileSync(join(dir, 'a'.repeat(64)), 'x');
    writeFileSync(join(dir, 'README'), 'x');
    expect(await storage.leftovers(60_000)).toEqual({ temporary: [], stored: [] });
    const later = Date.now() + 120_000;
    expect(await storage.leftovers(60_000, later)).toEqual({ temporary: ['.upload-00000000-0000-4000-8000-000000000000.part'], stored: ['a'.repeat(64)] });
  });
});
