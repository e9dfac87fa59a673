/**
 * 8-bit grey images as OCR works on them: one byte per pixel, rows top to bottom. Turning, cropping
 * and rescaling happen here in plain JavaScript (a card-sized image is about a megabyte), and the
 * result goes to tesseract as binary PGM, which leptonica reads without any decompression.
 */

export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export type QuarterTurn = 0 | 90 | 180 | 270;

/** Binary PGM (P5): a 15-byte header and the pixels. */
export function toPgm(img: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(header.length + img.data.length);
  out.set(header, 0);
  out.set(img.data, header.length);
  return out;
}

/** The image turned clockwise by a quarter-turn multiple. */
export function rotate(img: GrayImage, degrees: QuarterTurn): GrayImage {
  if (degrees === 0) return img;
  const { data, width: w, height: h } = img;
  if (degrees === 180) {
    const out = new Uint8Array(data.length);
    for (let i = 0, j = data.length - 1; i < data.length; i++, j--) out[i] = data[j];
    return { data: out, width: w, height: h };
  }
  // 90 clockwise: source (x, y) lands on (h-1-y, x); 270: on (y, w-1-x). Output is h wide, w high.
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const dst = degrees === 90 ? x * h + (h - 1 - y) : (w - 1 - x) * h + y;
      out[dst] = data[row + x];
    }
  }
  return { data: out, width: h, height: w };
}

/** A rectangle of the image, clamped to its bounds. */
export function crop(img: GrayImage, x: number, y: number, w: number, h: number): GrayImage {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(img.width, Math.ceil(x + w));
  const y1 = Math.min(img.height, Math.ceil(y + h));
  const cw = Math.max(0, x1 - x0);
  const ch = Math.max(0, y1 - y0);
  const out = new Uint8Array(cw * ch);
  for (let row = 0; row < ch; row++) out.set(img.data.subarray((y0 + row) * img.width + x0, (y0 + row) * img.width + x0 + cw), row * cw);
  return { data: out, width: cw, height: ch };
}

/** Bilinear rescale (used to enlarge small text before recognition). */
export function scale(img: GrayImage, factor: number): GrayImage {
  const width = Math.max(1, Math.round(img.width * factor));
  const height = Math.max(1, Math.round(img.height * factor));
  const out = new Uint8Array(width * height);
  const src = img.data;
  const sw = img.width;
  const maxX = img.width - 1;
  const maxY = img.height - 1;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(maxY, Math.max(0, (y + 0.5) / factor - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(maxY, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(maxX, Math.max(0, (x + 0.5) / factor - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(maxX, x0 + 1);
      const wx = fx - x0;
      const top = src[y0 * sw + x0] * (1 - wx) + src[y0 * sw + x1] * wx;
      const bottom = src[y1 * sw + x0] * (1 - wx) + src[y1 * sw + x1] * wx;
      out[y * width + x] = top * (1 - wy) + bottom * wy + 0.5;
    }
  }
  return { data: out, width, height };
}

/** Where a point of the turned image was before the turn (to report boxes in original pixels). */
export function unrotatePoint(x: number, y: number, degrees: QuarterTurn, origW: number, origH: number): [number, number] {
  switch (degrees) {
    case 90:
      return [y, origH - x];
    case 180:
      return [origW - x, origH - y];
    case 270:
      return [origW - y, x];
    default:
      return [x, y];
  }
}

/** Mirrored left to right. */
export function flipHorizontal(img: GrayImage): GrayImage {
  const out = new Uint8Array(img.data.length);
  for (let y = 0; y < img.height; y++) {
    const row = y * img.width;
    for (let x = 0; x < img.width; x++) out[row + x] = img.data[row + img.width - 1 - x];
  }
  return { data: out, width: img.width, height: img.height };
}

/** The image as a viewer shows it, given its EXIF orientation (1–8). */
export function applyExifOrientation(img: GrayImage, orientation: number): GrayImage {
  switch (orientation) {
    case 2:
      return flipHorizontal(img);
    case 3:
      return rotate(img, 180);
    case 4:
      return rotate(flipHorizontal(img), 180);
    case 5:
      return rotate(flipHorizontal(img), 270);
    case 6:
      return rotate(img, 90);
    case 7:
      return rotate(flipHorizontal(img), 90);
    case 8:
      return rotate(img, 270);
    default:
      return img;
  }
}
