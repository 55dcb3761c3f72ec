/**
 * What exact colour conversion costs: the same captured-style JPEG frames (1080p) encoded with
 * x264 (crf 18, medium) through swscale's default fast conversion, through ours (the colorspace
 * filter re-matrixing the JPEG's YUV, full range) and through swscale's exact path via RGB
 * (accurate_rnd + full_chroma_int + full_chroma_inp), in CPU ms per frame. Prints one JSON line.
 *
 *   node --import tsx bench/color-convert.ts [--frames 60]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import { EXACT_SWS_FLAGS, toYuvFilter } from '../src/render/encode/color.ts';
import { machine } from './lib.ts';

const at = process.argv.indexOf('--frames');
const frames = at > 0 ? Number(process.argv[at + 1]) : 60;

// Moving, detailed frames as Chromium would hand them over: a stream of JPEGs.
const jpegs = execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=s=1920x1080:r=30:d=${frames / 30}`, '-c:v', 'mjpeg', '-q:v', '4', '-f', 'image2pipe', 'pipe:1'], {
  maxBuffer: 2 * 1024 ** 3,
});

/** CPU milliseconds per frame (FFmpeg's own -benchmark utime + stime: robust on a shared machine). */
function cpuMsPerFrame(filter: string, encode: boolean): number {
  const codec = encode ? ['-c:v', 'libx264', '-preset', 'medium', '-crf', '18'] : ['-c:v', 'rawvideo'];
  const r = spawnSync('ffmpeg', ['-hide_banner', '-nostats', '-v', 'info', '-benchmark', '-f', 'image2pipe', '-c:v', 'mjpeg', '-framerate', '30', '-i', 'pipe:0', '-vf', filter, ...codec, '-f', 'null', '-'], {
    input: jpegs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(String(r.stderr));
  const m = /utime=([\d.]+)s stime=([\d.]+)s/.exec(String(r.stdout) + String(r.stderr));
  if (!m) throw new Error(`no -benchmark line: ${String(r.stderr)}`);
  return ((Number(m[1]) + Number(m[2])) * 1000) / frames;
}

const FAST = 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p';
const OURS = toYuvFilter('yuv420p', 'full', 'jpeg');
// swscale's exact path through RGB, for comparison (what PNG captures still use).
const SWSCALE_EXACT = `scale=in_range=pc:in_color_matrix=bt601:out_color_matrix=bt709:out_range=pc:flags=${EXACT_SWS_FLAGS},format=yuv420p`;
const loadBefore = os.loadavg()[0]!;
const round = (n: number) => Number(n.toFixed(1));
const convert = { fast: round(cpuMsPerFrame(FAST, false)), ours: round(cpuMsPerFrame(OURS, false)), swscaleExact: round(cpuMsPerFrame(SWSCALE_EXACT, false)) };
const withX264 = { fast: round(cpuMsPerFrame(FAST, true)), ours: round(cpuMsPerFrame(OURS, true)) };
console.log(
  JSON.stringify({
    bench: 'color-convert',
    machine: machine(),
    frames,
    // CPU ms per 1080p frame: MJPEG decode + conversion (+ x264 medium crf 18).
    convertCpuMsPerFrame: convert,
    withX264CpuMsPerFrame: withX264,
    loadavg: [Number(loadBefore.toFixed(2)), Number(os.loadavg()[0]!.toFixed(2))],
  }),
);
