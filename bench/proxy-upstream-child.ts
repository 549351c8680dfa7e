// A fixed-response upstream for the proxy benchmark, in its own process so it does not compete with the client.
import http from 'node:http';
import { SMALL_RESPONSE } from './bench-call.js';

const chunk = (i: number): string =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: `t${i} ` } }] })}\n\n`;

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const url = req.url ?? '';
    if (url.includes('big')) {
      // 100 MB of SSE text, written as fast as the reader takes it, never held in memory whole
      const piece = Buffer.from(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'x'.repeat(65_000) } }] })}\n\n`);
      const total = Number(new URL(url, 'http://x').searchParams.get('mb') ?? '100') * 1024 * 1024;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          sent += piece.length;
          if (!res.write(piece)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end('data: [DONE]\n\n');
      };
      pump();
      return;
    }
    if (url.includes('stream')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk(0));
      setTimeout(() => {
        for (let i = 1; i < 20; i++) res.write(chunk(i));
        res.end('data: [DONE]\n\n');
      }, 5);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(SMALL_RESPONSE);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
