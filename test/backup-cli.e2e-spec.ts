import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { BackupManifest } from '../src/core/backup/backup-plan';
import { freePort } from './support/embedded-pg';

const run = promisify(execFile);
const root = resolve(__dirname, '..');

/**
 * The README's commands on the embedded default, as a user runs them: seed an installation,
 * back it up, restore it into a second, empty one, and back that up again. The two backups'
 * data files are byte for byte the same, so everything came back, in the same order.
 */
describe('npm run backup / npm run restore on the embedded PostgreSQL', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'efro-backup-cli-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  async function installation(name: string) {
    const env: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_PG_DIR: join(scratch, name, 'pg'), EMBEDDED_PG_PORT: String(await freePort()), UPLOAD_DIR: join(scratch, name, 'uploads'), LOG_LEVEL: 'error' };
    delete env.DATABASE_URL;
    return (script: string, ...args: string[]) => run(process.execPath, [join(root, 'dist/src/cli', script), ...args], { cwd: scratch, env, timeout: 120_000 });
  }
  const manifest = (folder: string) => JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as BackupManifest;

  it('restores a seeded installation into an empty one, with the same data', async () => {
    const first = await installation('first');
    await first('seed.js');
    await first('backup.js', 'backup', join(scratch, 'backup-1'));

    const second = await installation('second');
    const restored = await second('backup.js', 'restore', join(scratch, 'backup-1'));
    expect(restored.stdout + restored.stderr).toMatch(/restored the backup of/);
    await second('backup.js', 'backup', join(scratch, 'backup-2'));

    const [a, b] = [manifest(join(scratch, 'backup-1')), manifest(join(scratch, 'backup-2'))];
    expect(a.tables.reduce((n, t) => n + t.rows, 0)).toBeGreaterThan(50);
    expect(b.tables).toEqual(a.tables);
    expect(b.sequences).toEqual(a.sequences);
    expect(b.migrations).toEqual(a.migrations);

    // A second restore into the now filled installation is refused with the reason, and exits 1.
    await expect(second('backup.js', 'restore', join(scratch, 'backup-1'))).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/more than the backup's|not empty/) });
  }, 240_000);
});
