// The floor for the recorder's memory figure: a bare node:http pass-through (no capture, no store) in its own
// process, streaming the same 100 MB response. What it grows by is Node's own garbage of network chunks.
import http from 'node:http';
import { procMemoryKb } from './proc-memory.js';

const upstreamPort = Number(process.argv[2] ?? '0');
const agent = new http.Agent({ keepAlive: true });
const server = http.createServer((req, res) => {
  const up = http.request(
    { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url ?? '/', headers: req.headers, agent },
    (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    },
  );
  up.on('error', (err) => res.destroy(err));
  req.pipe(up);
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/v1\n`);
});
process.on('message', () => process.send?.({ ...procMemoryKb(), calls: 0, errors: 0 }));
