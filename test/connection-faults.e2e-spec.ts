import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChangeListener } from '../src/core/database/change-listener';
import { Lifecycle } from '../src/core/lifecycle/lifecycle';
import { isDatabaseUnavailable } from '../src/core/errors/problem.filter';
import { dataSourceOptions } from '../src/database/data-source';

/** One backend message: a type byte, then its length (itself included) and body. */
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const cstring = (text: string) => Buffer.from(`${text}\0`, 'latin1');
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

/**
 * A server that speaks just enough of PostgreSQL's protocol to end every session the way a
 * server that begins shutting down as the handshake completes does: AuthenticationOk,
 * ReadyForQuery and FATAL 57P01 in one TCP write. A real PostgreSQL does this only when the
 * timing falls so (the outage spec once met it); here it happens on every connection.
 */
async function shutdownAtHandshake(): Promise<{ url: string; server: Server; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket: Socket) => {
    connections++;
    socket.on('error', () => undefined);
    socket.once('data', () => {
      socket.write(
        Buffer.concat([
          message('R', int32(0)),
          message('Z', Buffer.from('I', 'latin1')),
          message('E', Buffer.concat([cstring('SFATAL'), cstring('VFATAL'), cstring('C57P01'), cstring('Mterminating connection due to administrator command'), Buffer.from([0])])),
        ]),
      );
      setTimeout(() => socket.end(), 20);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `postgres://efro:efro@127.0.0.1:${port}/efro`, server, connections: () => connections };
}

describe('connections that the server ends as the handshake completes', () => {
  let fake: Awaited<ReturnType<typeof shutdownAtHandshake>>;
  beforeEach(async () => {
    fake = await shutdownAtHandshake();
  });
  afterEach(() => new Promise<void>((done) => fake.server.close(() => done())));

  it('fail the pooled query as unavailable (503), not the process', async () => {
    const db = new DataSource(dataSourceOptions(fake.url, 2, 1000, []));
    const failure = await db
      .initialize()
      .then(() => db.query('SELECT 1'))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isDatabaseUnavailable(failure)).toBe(true);
    if (db.isInitialized) await db.destroy();
    expect(fake.connections()).toBeGreaterThan(0);
  });

  it('leave the change listener retrying, with caching off', async () => {
    const events: string[] = [];
    const listener = new ChangeListener({
      name: 'test listener',
      url: fake.url,
      applicationName: 'efro-grants-test',
      channels: ['efro_test'],
      connectTimeoutMs: 1000,
      lifecycle: new Lifecycle(),
      logger: new Logger('test'),
      onNotification: () => events.push('notification'),
      onListening: () => events.push('listening'),
      onLost: () => events.push('lost'),
    });
    await listener.start();
    await sleep(100);
    expect(listener.listening).toBe(false);
    expect(events).not.toContain('listening');
    await listener.stop();
  });
});
