import { createHash, randomUUID } from 'node:crypto';
import { FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline, Readable, Transform, TransformCallback } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app.config';

const SHA256 = /^[0-9a-f]{64}$/;
/** Temporary files are named `.upload-<uuid>.part`: never a final name, and easy to sweep. */
const TEMPORARY = /^\.upload-[0-9a-f-]{36}\.part$/;
/** Enough of the head of a file for every signature the type rule knows. */
const HEAD_BYTES = 16;

/** A file received in full under a temporary name, not yet visible under its hash. */
export interface StagedFile {
  readonly path: string;
  readonly sha256: string;
  readonly sizeBytes: number;
}

/** What the disk holds for a recorded document. */
export type StoredContent =
  | { state: 'intact'; stream: Readable }
  | { state: 'missing' }
  | { state: 'changed'; sizeBytes: number; sha256: string | null };

/**
 * Content-addressed file storage on disk: a file is stored once under UPLOAD_DIR/<sha256>, so
 * the name proves the content and a second upload of the same bytes costs nothing. Kept behind
 * this class so services stay testable and another store could replace it.
 *
 * A file reaches its final name only complete and flushed (staged under a temporary name,
 * fsynced, then renamed), so a crash never leaves half a file under a hash.
 */
@Injectable()
export class DocumentStorage {
  constructor(private readonly config: AppConfig) {}

  get directory(): string {
    return resolve(this.config.UPLOAD_DIR);
  }

  /**
   * Streams `source` into a temporary file in the upload directory, hashing on the way, so
   * memory holds one chunk at a time whatever the file's size. `inspect` sees the first bytes
   * (or the whole file when it is shorter) as soon as they arrived; its result comes back with
   * the file, and it throws to refuse the file:
   * then nothing more is written, the rest of `source` is read and dropped (the request must be
   * consumed to be answered) and the error is thrown. On any failure the temporary file is gone.
   */
  async stage<T>(source: AsyncIterable<Uint8Array>, inspect: (head: Buffer) => T): Promise<StagedFile & { inspected: T }> {
    await mkdir(this.directory, { recursive: true });
    const path = join(this.directory, `.upload-${randomUUID()}.part`);
    const hash = createHash('sha256');
    const file = await open(path, 'wx', 0o640);
    let isOpen = true;
    const drop = async () => {
      if (isOpen) await file.close().catch(() => undefined);
      isOpen = false;
      await rm(path, { force: true });
    };
    let sizeBytes = 0;
    let head = Buffer.alloc(0);
    let inspected = false;
    let verdict: { value: T } | null = null;
    let refusal: unknown = null;
    try {
      for await (const chunk of source) {
        if (refusal !== null) continue; // drain: the client is still sending
        const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        if (!inspected) {
          head = Buffer.concat([head, bytes.subarray(0, HEAD_BYTES - head.length)]);
          if (head.length >= HEAD_BYTES) {
            inspected = true;
            try {
              verdict = { value: inspect(head) };
            } catch (error) {
              refusal = error;
              await drop();
              continue;
            }
          }
        }
        hash.update(bytes);
        sizeBytes += bytes.length;
        await writeAll(file, bytes);
      }
      if (refusal !== null) throw refusal;
      if (!verdict) verdict = { value: inspect(head) };
      await file.sync();
      isOpen = false;
      await file.close();
      return { path, sha256: hash.digest('hex'), sizeBytes, inspected: verdict.value };
    } catch (error) {
      await drop();
      throw error;
    }
  }

  /**
   * Moves a staged file to its final name (replacing a file of the same name, which holds the
   * same bytes or was damaged) and flushes the directory, so the name survives a crash.
   */
  async place(staged: StagedFile): Promise<void> {
    await rename(staged.path, this.pathOf(staged.sha256));
    const dir = await open(this.directory, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  /** Removes a staged file that will not be placed (a no-op once it was placed or removed). */
  async discard(staged: StagedFile): Promise<void> {
    await rm(staged.path, { force: true });
  }

  /** Removes a stored file; the caller made sure nothing refers to it. */
  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  /**
   * The stored bytes of a document, checked against its recorded size and hash before the
   * first byte is sent (a changed file is refused with a clear answer rather than served), and
   * checked again while they stream, so a change between the two reads ends the response early
   * instead of completing it.
   */
  async read(sha256: string, sizeBytes: number): Promise<StoredContent> {
    let file: FileHandle;
    try {
      // One descriptor for the check and the bytes sent: a file removed in between is still read whole.
      file = await open(this.pathOf(sha256), 'r');
    } catch (error) {
      if (isNotFound(error)) return { state: 'missing' };
      throw error;
    }
    try {
      const size = (await file.stat()).size;
      if (size !== sizeBytes) {
        await file.close();
        return { state: 'changed', sizeBytes: size, sha256: null };
      }
      const hash = createHash('sha256');
      for await (const chunk of file.createReadStream({ start: 0, autoClose: false })) hash.update(chunk as Buffer);
      const actual = hash.digest('hex');
      if (actual !== sha256) {
        await file.close();
        return { state: 'changed', sizeBytes: size, sha256: actual };
      }
      const stream = pipeline(file.createReadStream({ start: 0, autoClose: true }), new VerifyingStream(sha256), () => undefined);
      return { state: 'intact', stream };
    } catch (error) {
      await file.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Files that nothing can be waiting for: temporary files and final files last written more
   * than `olderThanMs` ago. Final files are candidates only; the caller removes those that no
   * record refers to.
   */
  async leftovers(olderThanMs: number, now = Date.now()): Promise<{ temporary: string[]; stored: string[] }> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if (isNotFound(error)) return { temporary: [], stored: [] };
      throw error;
    }
    const temporary: string[] = [];
    const stored: string[] = [];
    for (const name of names) {
      const kind = TEMPORARY.test(name) ? temporary : SHA256.test(name) ? stored : null;
      if (!kind) continue;
      if (await this.lastWrittenBefore(name, now - olderThanMs)) kind.push(name);
    }
    return { temporary, stored };
  }

  /** True when the file exists and was last written before `instant` (ms since the epoch). */
  async lastWrittenBefore(name: string, instant: number): Promise<boolean> {
    try {
      return (await stat(join(this.directory, name))).mtimeMs < instant;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async removeTemporary(name: string): Promise<void> {
    if (!TEMPORARY.test(name)) throw new Error(`not a temporary upload: ${name}`);
    await rm(join(this.directory, name), { force: true });
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.directory, sha256);
  }
}

/** Passes bytes through and fails the stream at its end when they do not hash to `expected`. */
class VerifyingStream extends Transform {
  private readonly hash = createHash('sha256');
  // The last chunk is held back until the hash is known, so a changed file never completes.
  private pending: Buffer | null = null;

  constructor(private readonly expected: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    if (this.pending) this.push(this.pending);
    this.pending = chunk;
    done();
  }

  override _flush(done: TransformCallback): void {
    const actual = this.hash.digest('hex');
    if (actual !== this.expected) {
      done(new DocumentChangedWhileServed(this.expected, actual));
      return;
    }
    if (this.pending) this.push(this.pending);
    done();
  }
}

export class DocumentChangedWhileServed extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`stored file ${expected} changed while it was served (now ${actual})`);
    this.name = 'DocumentChangedWhileServed';
  }
}

/** Writes the whole buffer (a write may take fewer bytes than it was given). */
async function writeAll(file: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}
