import { connect, createServer, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { writeDirect } from './direct-write.ts';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

async function socketPair(): Promise<{ writer: Socket; received: () => Buffer; ended: Promise<void> }> {
  const chunks: Buffer[] = [];
  let ended!: () => void;
  const done = new Promise<void>((r) => (ended = r));
  const server = createServer((s) => {
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => ended());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const writer = await new Promise<Socket>((r) => {
    const s = connect(port, '127.0.0.1', () => r(s));
  });
  cleanup.push(() => {
    writer.destroy();
    server.close();
  });
  return { writer, received: () => Buffer.concat(chunks), ended: done };
}

it('delivers every byte in order, mixed with stream writes, including writes too big to finish at once', async () => {
  const { writer, received, ended } = await socketPair();
  const expected: Buffer[] = [];
  let direct = 0;
  const send = (frame: Buffer, viaStream: boolean) => {
    expected.push(frame);
    if (!viaStream && writeDirect(writer, frame)) direct++;
    else writer.write(frame);
  };
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 100; i++) send(Buffer.alloc(40, (round * 100 + i) % 251), i % 7 === 0);
    // More than the kernel takes at once: libuv keeps the rest, and what follows queues behind it.
    send(Buffer.alloc(4 * 1024 * 1024, round), false);
    for (let i = 0; i < 20; i++) send(Buffer.alloc(40, i), i % 3 === 0);
    await new Promise((r) => setTimeout(r, 10));
  }
  writer.end();
  await ended;
  expect(direct).toBeGreaterThan(1000);
  expect(received().equals(Buffer.concat(expected))).toBe(true);
});

it('hands the write back to the caller once the socket is gone', async () => {
  const { writer } = await socketPair();
  writer.destroy();
  expect(writeDirect(writer, Buffer.from('late'))).toBe(false);
});
