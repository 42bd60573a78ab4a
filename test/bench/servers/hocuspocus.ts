// Hocuspocus with its defaults, no storage extension, no auth: the second peer.
import { createServer } from 'node:net';
import { Server } from '@hocuspocus/server';

const port = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const address = probe.address();
    probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
  });
});
const server = new Server({ port, address: '127.0.0.1', quiet: true });
await server.listen();
console.log(`listening ${port}`);
