import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real service (Postgres, Redis) that a test can stop and start again
 * on the same port: the service "goes away" for the process under test without touching the
 * service itself, which other tests share.
 */
export async function tcpProxy(target: { host: string; port: number }) {
  const open = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const s of [client, upstream]) {
          open.add(s);
          s.on('close', () => open.delete(s));
          s.on('error', () => (client.destroy(), upstream.destroy()));
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await start();
  return {
    get port() {
      return port;
    },
    /** Refuses new connections and cuts every open one. */
    async stop() {
      const listening = server;
      server = null;
      for (const s of open) s.destroy();
      if (listening) await new Promise<void>((resolve) => listening.close(() => resolve()));
    },
    /** Listens again on the same port. */
    start,
  };
}
