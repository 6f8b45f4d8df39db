// Renders the app icon (the same drawing as public/icon.svg) as PNGs at build time, so the repo
// carries no binary files and the manifest still offers the PNG sizes phones install from.
import { deflateSync } from "node:zlib";

const BACKGROUND = [0x1f, 0x24, 0x30];
const BATON = [0xf5, 0xc5, 0x42];
const SAMPLES = 4; // per axis, for smooth edges

/** Coverage of the 64×64 design at (x, y): which colour, or null outside the rounded square. */
function shade(x, y) {
  const r = 14;
  const cx = Math.min(Math.max(x, r), 64 - r);
  const cy = Math.min(Math.max(y, r), 64 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  if ((x - 45) ** 2 + (y - 22) ** 2 <= 25) return BATON;
  // The bar: 36×6 with round ends, centred on (32, 32), turned by -35°.
  const a = (35 * Math.PI) / 180;
  const u = (x - 32) * Math.cos(a) - (y - 32) * Math.sin(a);
  const v = (x - 32) * Math.sin(a) + (y - 32) * Math.cos(a);
  const du = Math.max(Math.abs(u) - 15, 0);
  if (du * du + v * v <= 9) return BATON;
  return BACKGROUND;
}

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A size×size RGBA PNG of the icon. */
export function iconPng(size) {
  const rows = Buffer.alloc(size * (1 + size * 4));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 4);
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = shade(((x + (sx + 0.5) / SAMPLES) * 64) / size, ((y + (sy + 0.5) / SAMPLES) * 64) / size);
          if (colour) {
            sum[0] += colour[0];
            sum[1] += colour[1];
            sum[2] += colour[2];
            sum[3] += 255;
          }
        }
      }
      const n = SAMPLES * SAMPLES;
      const covered = sum[3] / 255 || 1;
      const at = row + 1 + x * 4;
      rows[at] = sum[0] / covered;
      rows[at + 1] = sum[1] / covered;
      rows[at + 2] = sum[2] / covered;
      rows[at + 3] = sum[3] / n;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
