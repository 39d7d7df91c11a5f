// Writes the app icons (public/icon-192.png, icon-512.png, icon.svg): a gold podium on navy.
// Plain Node (zlib + CRC): no image library for three rectangles. Run: npm run icons -w @podium/team
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const NAVY = [0x0b, 0x10, 0x20];
const GOLD = [0xfb, 0xbf, 0x24];
const SILVER = [0xe2, 0xe8, 0xf0];
const BRONZE = [0xf5, 0x9e, 0x6b];
// Bars in a 16x16 grid (x, y, w, h), inside the maskable safe zone (centre 80%).
const BARS = [
  { x: 6, y: 4, w: 4, h: 8, color: GOLD },
  { x: 2, y: 7, w: 4, h: 5, color: SILVER },
  { x: 10, y: 9, w: 4, h: 3, color: BRONZE },
];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function png(size) {
  const cell = size / 16;
  const raw = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const bar = BARS.find((b) => x >= b.x * cell && x < (b.x + b.w) * cell && y >= b.y * cell && y < (b.y + b.h) * cell);
      const rgb = bar ? bar.color : NAVY;
      raw.set(rgb, y * (size * 3 + 1) + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
const hex = (rgb) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="${hex(NAVY)}"/>${BARS.map((b) => `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" fill="${hex(b.color)}"/>`).join('')}</svg>\n`;

const out = new URL('../public/', import.meta.url);
for (const size of [192, 512]) writeFileSync(new URL(`icon-${size}.png`, out), png(size));
writeFileSync(new URL('icon.svg', out), svg);
console.info('icons written to public/');
