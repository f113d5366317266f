import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, ReadStream } from 'node:fs';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../core/config/app.config';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Content-addressed file storage on disk: a file is stored once under UPLOAD_DIR/<sha256>, so
 * the name proves the content and a second upload of the same bytes costs nothing. Kept behind
 * this class so services stay testable and another store could replace it.
 */
@Injectable()
export class DocumentStorage {
  constructor(private readonly config: AppConfig) {}

  async put(content: Buffer): Promise<{ sha256: string; sizeBytes: number }> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const dir = resolve(this.config.UPLOAD_DIR);
    await mkdir(dir, { recursive: true });
    const target = join(dir, sha256);
    if (!(await exists(target))) {
      // Write aside and rename: a reader never sees half a file, and concurrent uploads of the
      // same bytes both end with the one complete file.
      const temporary = join(dir, `.${sha256}.${randomUUID()}.part`);
      try {
        await writeFile(temporary, content, { flag: 'wx' });
        await rename(temporary, target);
      } finally {
        await rm(temporary, { force: true });
      }
    }
    return { sha256, sizeBytes: content.length };
  }

  open(sha256: string): ReadStream {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return createReadStream(join(resolve(this.config.UPLOAD_DIR), sha256));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
