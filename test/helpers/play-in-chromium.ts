import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'puppeteer-core';

export type PlayerElement = 'video' | 'img';

export interface CanvasPixels {
  width: number;
  height: number;
  /** Packed RGB24 (alpha dropped), the layout decodeFrames returns. */
  rgb: Buffer;
  /** One alpha byte per pixel, as drawn onto a transparent canvas. */
  alpha: Buffer;
}

const MIME: Record<string, string> = {
  '.mp4': 'video/mp4', '.webm': 'video/webm', '.mov': 'video/quicktime', '.gif': 'image/gif', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp',
};

/**
 * Shows a file the way a viewer's browser would: a `<video>` (seeked to `time`) or an `<img>`,
 * drawn into a canvas and read back, so what is measured is what Chromium's own decoder and
 * colour conversion make of our tags. The bytes go in as a blob URL: same origin, canvas untainted.
 */
export async function playInChromium(browser: Browser, file: string, element: PlayerElement, time = 0): Promise<CanvasPixels> {
  const bytes = await readFile(file);
  const type = MIME[file.slice(file.lastIndexOf('.')).toLowerCase()] ?? 'application/octet-stream';
  const page: Page = await browser.newPage();
  try {
    await page.setContent('<!doctype html><body style="margin:0"></body>');
    const result = await page.evaluate(
      async (base64: string, mime: string, kind: string, at: number) => {
        const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const url = URL.createObjectURL(new Blob([raw], { type: mime }));
        let source: HTMLVideoElement | HTMLImageElement;
        let width: number;
        let height: number;
        if (kind === 'video') {
          const video = document.createElement('video');
          video.muted = true;
          video.preload = 'auto';
          video.src = url;
          await new Promise<void>((resolve, reject) => {
            video.onloadeddata = () => resolve();
            video.onerror = () => reject(new Error(`video error ${video.error?.code}: ${video.error?.message}`));
          });
          await new Promise<void>((resolve) => {
            video.onseeked = () => resolve();
            video.currentTime = at;
          });
          source = video;
          width = video.videoWidth;
          height = video.videoHeight;
        } else {
          const img = document.createElement('img');
          img.src = url;
          await img.decode();
          source = img;
          width = img.naturalWidth;
          height = img.naturalHeight;
        }
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
        // A seeked <video> can report `seeked` before its frame is ready to draw (seen with VP9
        // alpha): a draw then leaves the canvas fully transparent. Redraw until something shows,
        // for up to 5 s; a file that really shows nothing still comes back blank.
        const draw = () => {
          ctx.clearRect(0, 0, width, height);
          ctx.drawImage(source, 0, 0);
          return ctx.getImageData(0, 0, width, height).data;
        };
        let data = draw();
        const blank = (d: Uint8ClampedArray) => d.every((v, i) => i % 4 !== 3 || v === 0);
        for (let tries = 0; kind === 'video' && blank(data) && tries < 100; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          data = draw();
        }
        let out = '';
        let alpha = '';
        for (let i = 0; i < data.length; i += 4) {
          out += String.fromCharCode(data[i]!, data[i + 1]!, data[i + 2]!);
          alpha += String.fromCharCode(data[i + 3]!);
        }
        return { width, height, rgb: btoa(out), alpha: btoa(alpha) };
      },
      bytes.toString('base64'), type, element, time,
    );
    return { width: result.width, height: result.height, rgb: Buffer.from(result.rgb, 'base64'), alpha: Buffer.from(result.alpha, 'base64') };
  } finally {
    await page.close();
  }
}
