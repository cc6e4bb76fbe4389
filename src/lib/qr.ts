import { encode } from 'uqr';

/**
 * A QR code as one compact SVG path, made at build time: nothing to download, and it
 * prints sharply. `border` is the quiet zone in modules (scanners need 4).
 */
export function qrSvgPath(text: string, border = 4): { path: string; size: number } {
  const { data, size } = encode(text, { ecc: 'M', border: 0 });
  let path = '';
  data.forEach((row, y) => {
    let x = 0;
    while (x < size) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && row[x]) x++;
      path += `M${start + border} ${y + border}h${x - start}v1h${start - x}z`;
    }
  });
  return { path, size: size + border * 2 };
}
