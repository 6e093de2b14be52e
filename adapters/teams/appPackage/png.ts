/**
 * The app icons, drawn in code so the repository needs no image tools: an RGBA PNG encoder (filter 0,
 * deflate) and two pictures — a full-colour 192×192 tile and a 32×32 white-on-transparent outline, the sizes
 * and styles the Teams manifest requires. The motif: three stages joined by a pipe.
 */
import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32.js';

type Rgba = [number, number, number, number];

function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Width, height and colour type from a PNG's IHDR (for checks). */
export function pngInfo(png: Buffer): { width: number; height: number; colorType: number } {
  if (
    png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a' ||
    png.subarray(12, 16).toString('ascii') !== 'IHDR'
  ) {
    throw new Error('not a PNG');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colorType: png[25]! };
}

/** Coverage (0..1) of the motif at (x, y) in a unit square: three discs joined by a bar. */
function motif(u: number, v: number, stroke: number): number {
  const discs = [0.22, 0.5, 0.78].map((cx) => Math.hypot(u - cx, v - 0.5) - 0.11);
  const bar = Math.max(Math.abs(v - 0.5) - stroke, u < 0.22 || u > 0.78 ? 1 : -1);
  const d = Math.min(...discs, bar);
  return d <= 0 ? 1 : 0;
}

/** Supersampled so edges are smooth without an image library. */
function coverage(x: number, y: number, size: number, inset: number, stroke: number): number {
  let hit = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const u = (x + (i + 0.5) / 4) / size;
      const v = (y + (j + 0.5) / 4) / size;
      const s = (u - inset) / (1 - 2 * inset);
      const t = (v - inset) / (1 - 2 * inset);
      if (s >= 0 && s <= 1 && t >= 0 && t <= 1) hit += motif(s, t, stroke);
    }
  }
  return hit / 16;
}

export function colorIcon(): Buffer {
  const size = 192;
  const bg: Rgba = [0x29, 0x6d, 0xc4, 255]; // blue tile (Snowflake-ish)
  return encodePng(size, size, (x, y) => {
    const c = coverage(x, y, size, 0.14, 0.035);
    const mix = (a: number, b: number) => Math.round(a * (1 - c) + b * c);
    return [mix(bg[0], 255), mix(bg[1], 255), mix(bg[2], 255), 255];
  });
}

export function outlineIcon(): Buffer {
  const size = 32;
  return encodePng(size, size, (x, y) => {
    const c = coverage(x, y, size, 0.04, 0.05);
    return [255, 255, 255, Math.round(255 * c)];
  });
}
