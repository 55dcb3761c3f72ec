/** Test media made on the spot with FFmpeg, and measurements of what comes out. */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Project } from '../../src/bundle/project.ts';
import type { ProjectConfigInput } from '../../src/config/project-config.ts';
import { fixtureProjectDir, tempDir } from '../helpers/project.ts';

const run = promisify(execFile);

export interface MediaProject {
  project: Project;
  /** The project's public/ folder: put generated media here. */
  publicDir: string;
  dir: string;
  cleanup: () => void;
}

/**
 * The fixture templates with a public/ folder of the test's own (so tests can write media in
 * parallel), the fixture fonts linked in, and a private data dir.
 */
export function mediaProject(config: Partial<ProjectConfigInput> = {}): MediaProject {
  const { dir, cleanup } = tempDir('fw-media-');
  const publicDir = path.join(dir, 'public');
  mkdirSync(publicDir);
  symlinkSync(path.join(fixtureProjectDir, 'public', 'fonts'), path.join(publicDir, 'fonts'));
  const project = Project.fromConfig(fixtureProjectDir, { templateRoot: 'index.ts', publicDir, dataDir: path.join(dir, 'data'), ...config });
  return { project, publicDir, dir, cleanup };
}

/** A sine tone, mono, 44.1 kHz unless said (the mix resamples to 48 kHz). */
export async function makeTone(file: string, o: { frequency: number; seconds: number; sampleRate?: number }): Promise<void> {
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=${o.frequency}:duration=${o.seconds}:sample_rate=${o.sampleRate ?? 44_100}`, file]);
}

/** Colour of source frame k of a generated clip: neighbours far apart, shared by the checks. */
export function clipColor(k: number): [number, number, number] {
  return [(k * 67 + 30) % 256, (k * 139 + 90) % 256, (k * 29 + 200) % 256];
}

/**
 * An H.264 clip whose frame k is a solid clipColor(k), optionally with a tone as its sound.
 * Frames are piped in as raw RGB, so every frame is exactly the colour asked for.
 */
export async function makeColorClip(file: string, o: { frames: number; fps: number; width: number; height: number; toneHz?: number }): Promise<void> {
  const audio = o.toneHz ? ['-f', 'lavfi', '-i', `sine=frequency=${o.toneHz}:duration=${o.frames / o.fps}:sample_rate=48000`] : [];
  const args = [
    '-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${o.width}x${o.height}`, '-framerate', String(o.fps), '-i', 'pipe:0', ...audio,
    '-vf', 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '12', '-g', '10',
    '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv',
    ...(o.toneHz ? ['-c:a', 'aac', '-shortest'] : []), file,
  ];
  const child = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const frame = Buffer.alloc(o.width * o.height * 3);
  for (let k = 0; k < o.frames; k++) {
    const [r, g, b] = clipColor(k);
    for (let i = 0; i < frame.length; i += 3) {
      frame[i] = r;
      frame[i + 1] = g;
      frame[i + 2] = b;
    }
    if (!child.stdin.write(Buffer.from(frame))) await new Promise((resolve) => child.stdin.once('drain', resolve));
  }
  child.stdin.end();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`ffmpeg failed making ${file}: ${stderr}`);
}

export const SAMPLE_RATE = 48_000;

/** The audio of a file as mono float samples at 48 kHz. */
export async function decodeAudio(file: string): Promise<Float32Array> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:a:0', '-ac', '1', '-ar', String(SAMPLE_RATE), '-f', 'f32le', 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 512 * 1024 * 1024,
  });
  return new Float32Array(stdout.buffer, stdout.byteOffset, Math.floor(stdout.length / 4));
}

/** Root mean square of samples between two times (seconds). */
export function rms(samples: Float32Array, from: number, to: number): number {
  const a = Math.max(0, Math.floor(from * SAMPLE_RATE));
  const b = Math.min(samples.length, Math.floor(to * SAMPLE_RATE));
  let sum = 0;
  for (let i = a; i < b; i++) sum += samples[i]! * samples[i]!;
  return b > a ? Math.sqrt(sum / (b - a)) : 0;
}

/** Amplitude of one frequency between two times (Goertzel): tells overlapping tones apart. */
export function toneLevel(samples: Float32Array, frequency: number, from: number, to: number): number {
  const a = Math.floor(from * SAMPLE_RATE);
  const b = Math.min(samples.length, Math.floor(to * SAMPLE_RATE));
  const w = (2 * Math.PI * frequency) / SAMPLE_RATE;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = a; i < b; i++) {
    const s0 = samples[i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * Math.sqrt(Math.max(0, power))) / Math.max(1, b - a);
}

/** First time (seconds) at which the level in 5 ms windows rises above `threshold`. */
export function onset(samples: Float32Array, threshold: number): number | undefined {
  const win = Math.round(SAMPLE_RATE * 0.005);
  for (let i = 0; i + win <= samples.length; i += win) {
    if (rms(samples, i / SAMPLE_RATE, (i + win) / SAMPLE_RATE) > threshold) return i / SAMPLE_RATE;
  }
  return undefined;
}
