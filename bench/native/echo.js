'use strict';
// Figure 6, the baseline: the same echo over 127.0.0.1 with raw Node `net` (streams, 'data'
// events and write backpressure), in the same run as the runtime's.
const net = require('net');
const { performance } = require('perf_hooks');

const [bytes, chunk, port] = process.argv.slice(2).map(Number);
const server = net.createServer((s) => s.pipe(s));
server.listen(port, '127.0.0.1', () => {
  const c = net.connect(port, '127.0.0.1', () => {
    const buf = Buffer.alloc(chunk);
    const t0 = performance.now();
    let got = 0;
    let sent = 0;
    c.on('data', (d) => {
      got += d.length;
      if (got >= bytes) {
        const ms = performance.now() - t0;
        console.log('BENCH ' + JSON.stringify({ bytes: got, ms }));
        c.destroy();
        server.close();
      }
    });
    const pump = () => {
      while (sent < bytes) {
        sent += chunk;
        if (!c.write(buf)) return c.once('drain', pump);
      }
    };
    pump();
  });
});
