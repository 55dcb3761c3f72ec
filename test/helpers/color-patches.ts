import { PATCH_SIZE, PATCHES, patchCenter } from '../fixtures/project/templates/color-patches.tsx';
import { meanColor } from './media.ts';

export interface PatchError {
  name: string;
  expected: [number, number, number];
  got: [number, number, number];
  /** Largest difference over R, G and B, in 8-bit levels. */
  error: number;
}

/**
 * Reads every patch of the color-patches template from a decoded RGB24 frame: the mean of the
 * patch's central quarter, rounded, against the colour the page painted. `scale` reads a frame
 * resized from the template's size (an HLS rendition, `--scale`).
 */
export function readPatches(rgb: Buffer, width: number, scale = 1): PatchError[] {
  return PATCHES.map((p, i) => {
    const c = patchCenter(i);
    const mean = meanColor(rgb, width, Math.round(c.x * scale), Math.round(c.y * scale), Math.floor((PATCH_SIZE * scale) / 8));
    const got = mean.map((v) => Math.round(v)) as [number, number, number];
    const error = Math.max(...got.map((v, k) => Math.abs(v - p.rgb[k]!)));
    return { name: p.name, expected: p.rgb, got, error };
  });
}

/** Patches whose name says they are neutral: white, black and the greys. */
export const isNeutral = (name: string) => name === 'white' || name === 'black' || name.startsWith('grey');
