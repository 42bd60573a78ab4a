import { crc32, deflateSync } from 'node:zlib';

/**
 * A real PNG of a small bar chart, made here so tests carry no binary fixtures: width × height,
 * RGB, with `bars` heights (0–1) drawn in blue on white.
 */
export function barChartPng(width = 240, height = 120, bars = [0.3, 0.55, 0.8, 0.45, 0.95]): Buffer {
  const rows: Buffer[] = [];
  const barWidth = Math.floor(width / (bars.length * 2));
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3, 255);
    row[0] = 0; // no filter
    for (let x = 0; x < width; x++) {
      const bar = Math.floor(x / (barWidth * 2));
      const inBar = x % (barWidth * 2) >= barWidth / 2 && x % (barWidth * 2) < barWidth * 1.5;
      if (bar < bars.length && inBar && y >= height * (1 - bars[bar]!)) row.set([59, 91, 219], 1 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.byteLength);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
