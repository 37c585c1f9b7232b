// Draws the app icon (a keyhole on a rounded square) as PNG with nothing but node:zlib, so
// packaging needs no image tools: build/icon.png (1024 px: electron-builder derives the macOS
// icns and Windows ico from it) and build/icons/NxN.png for Linux.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG (8-bit RGBA) from a function giving each pixel's colour. */
export function encodePng(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, no filter method extras, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const coverage = (distance: number, pixel: number) => Math.min(1, Math.max(0, 0.5 - distance / pixel));

/** The icon at `size` px, drawn from distance fields so every size is crisp. */
export function iconPixel(size: number) {
  return (px: number, py: number): [number, number, number, number] => {
    const x = (px + 0.5) / size - 0.5;
    const y = (py + 0.5) / size - 0.5;
    const unit = 1 / size;
    // Rounded square background.
    const half = 0.42;
    const radius = 0.12;
    const qx = Math.abs(x) - (half - radius);
    const qy = Math.abs(y) - (half - radius);
    const square = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
    const bg = coverage(square, unit);
    // Keyhole: a circle over a tapered stem.
    const circle = Math.hypot(x, y + 0.07) - 0.11;
    const stemHalf = 0.045 + (y - 0.0) * 0.12;
    const stem = Math.max(Math.abs(x) - stemHalf, Math.max(-0.07 - y + 0.07, y - 0.2));
    const hole = coverage(Math.min(circle, stem), unit);
    const shade = 1 - (y + 0.5) * 0.35;
    const r = Math.round((35 * (1 - hole) + 255 * hole) * (hole ? 1 : shade));
    const g = Math.round((99 * (1 - hole) + 255 * hole) * (hole ? 1 : shade));
    const b = Math.round((235 * (1 - hole) + 255 * hole) * (hole ? 1 : shade));
    return [r, g, b, Math.round(255 * bg)];
  };
}

export function makeIcons(outDir: string): string[] {
  mkdirSync(join(outDir, 'icons'), { recursive: true });
  const written = [join(outDir, 'icon.png')];
  writeFileSync(written[0]!, encodePng(1024, iconPixel(1024)));
  for (const size of [16, 32, 48, 64, 128, 256, 512]) {
    const file = join(outDir, 'icons', `${size}x${size}.png`);
    writeFileSync(file, encodePng(size, iconPixel(size)));
    written.push(file);
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../build', import.meta.url));
  console.log(`icons: ${makeIcons(out).length} PNG files in ${out}`);
}
