import { spawn } from 'node:child_process';
import { PATCH_COLUMNS, PATCH_SIZE, PATCHES } from '../fixtures/project/templates/color-patches.tsx';

/** The colour-patches layout (448×256) as packed RGB24, the grey background included. */
export function patchFrame(): { rgb: Buffer; width: number; height: number } {
  const width = PATCH_SIZE * PATCH_COLUMNS;
  const height = PATCH_SIZE * Math.ceil(PATCHES.length / PATCH_COLUMNS);
  const rgb = Buffer.alloc(width * height * 3, 0x80);
  PATCHES.forEach((p, i) => {
    const x0 = (i % PATCH_COLUMNS) * PATCH_SIZE;
    const y0 = Math.floor(i / PATCH_COLUMNS) * PATCH_SIZE;
    for (let y = y0; y < y0 + PATCH_SIZE; y++) for (let x = x0; x < x0 + PATCH_SIZE; x++) rgb.set(p.rgb, (y * width + x) * 3);
  });
  return { rgb, width, height };
}

/**
 * How a camera or editor might have encoded the source: HD's BT.709 in limited range, SD's BT.601
 * in limited range, full-range BT.601 (JPEG-style, as phones and screen recorders write), or
 * full-range BT.709 (what Framewright's own MP4s are), or 10-bit BT.709 (HEVC/H.264 from cameras).
 */
export type SourceEncoding = 'bt709' | 'bt601' | 'jpeg' | 'bt709-full' | 'bt709-10bit';

const ENCODINGS: Record<SourceEncoding, { matrix: string; range: string; pixFmt: string; tags: string[] }> = {
  bt709: { matrix: 'bt709', range: 'tv', pixFmt: 'yuv420p', tags: ['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv'] },
  bt601: { matrix: 'bt601', range: 'tv', pixFmt: 'yuv420p', tags: ['-colorspace', 'smpte170m', '-color_primaries', 'smpte170m', '-color_trc', 'smpte170m', '-color_range', 'tv'] },
  jpeg: { matrix: 'bt601', range: 'pc', pixFmt: 'yuvj420p', tags: ['-colorspace', 'bt470bg', '-color_primaries', 'bt470bg', '-color_trc', 'smpte170m', '-color_range', 'pc'] },
  'bt709-10bit': { matrix: 'bt709', range: 'tv', pixFmt: 'yuv420p10le', tags: ['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv'] },
  'bt709-full': { matrix: 'bt709', range: 'pc', pixFmt: 'yuvj420p', tags: ['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'pc'] },
};

/**
 * An H.264 video of the colour patches (near-lossless, crf 1), converted from exact RGB with
 * exact rounding in the given encoding and tagged with it.
 */
export async function makePatchVideo(file: string, encoding: SourceEncoding, o: { frames: number; fps: number }): Promise<void> {
  const { rgb, width, height } = patchFrame();
  const e = ENCODINGS[encoding];
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-framerate', String(o.fps), '-i', 'pipe:0',
    '-vf', `scale=out_color_matrix=${e.matrix}:out_range=${e.range}:flags=accurate_rnd+full_chroma_int+full_chroma_inp,format=${e.pixFmt}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '1', '-pix_fmt', e.pixFmt, ...e.tags, file,
  ];
  const child = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr}`))));
  });
  for (let i = 0; i < o.frames; i++) child.stdin.write(rgb);
  child.stdin.end();
  await done;
}
