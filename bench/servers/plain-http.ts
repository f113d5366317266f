// Baseline server: bare node:http answering what GET /health/live answers, nothing else.
import { createServer } from 'node:http';

const BODY = Buffer.from(JSON.stringify({ status: 'ok' }));

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health/live') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': BODY.length });
    res.end(BODY);
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
  res.end('{"status":404}');
});
server.keepAliveTimeout = 65_000;

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
