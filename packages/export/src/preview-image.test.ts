import { describe, expect, it } from 'vitest';
import { previewPng } from './preview-image.ts';

describe('link preview image', () => {
  it('is a 1200×630 PNG drawn with the shipped font', async () => {
    const png = Buffer.from(
      await previewPng({
        kicker: 'Verified micro-internship',
        title: 'Synthesise 12 customer interviews',
        byline: 'Sam Rivera for Northwind Analytics',
        facts: ['research ★★★★☆', 'writing ★★★★★'],
      }),
    );
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    // Text was drawn: a blank card of one colour compresses to a few hundred bytes.
    expect(png.byteLength).toBeGreaterThan(8000);
  });
});
