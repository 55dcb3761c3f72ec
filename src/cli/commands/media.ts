import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { FramewrightError } from '../../errors/index.ts';
import { fetchToFile, FetchError } from '../../net/index.ts';
import { runMediaJob, type MediaArtifact } from '../../media-jobs/pipeline.ts';
import type { MediaProgress } from '../../media-jobs/progress.ts';
import { commitOutputs } from '../../render/formats/commit-outputs.ts';
import { interruptSignal } from '../context.ts';
import { outputsFromFlags, watermarkFromFlag, type MediaFlags } from '../media-flags.ts';
import { createTerminalBar } from '../progress-bar.ts';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function mediaBar(label: string, options: { stream?: NodeJS.WriteStream } = {}): { update: (p: MediaProgress) => void; stop: () => void } {
  const bar = createTerminalBar(`${label} [{bar}] {percentage}% | {stage} | outputs {done}/{outputs} | ETA {eta_text}`, options);
  return {
    update: (p) => bar.update(p.progress, { stage: p.stage, done: p.outputsDone, outputs: p.outputsTotal, eta_text: p.etaSeconds === null ? '…' : `${Math.ceil(p.etaSeconds)}s` }),
    stop: bar.stop,
  };
}

/** A URL input is downloaded under the SSRF guard, as a template's remote assets are. */
async function localInput(input: string, workDir: string, allowPrivate: boolean, signal: AbortSignal): Promise<string> {
  if (!/^https?:\/\//i.test(input)) return path.resolve(input);
  try {
    const fetched = await fetchToFile(input, path.join(workDir, 'input'), { policy: { allowPrivateNetwork: allowPrivate }, timeoutMs: 10 * 60_000, maxBytes: 8 * 1024 ** 3, signal });
    return fetched.file;
  } catch (error) {
    if (error instanceof FetchError) throw new FramewrightError('ASSET_FETCH_FAILED', `Could not fetch ${error.message}`, { cause: error });
    throw error;
  }
}

function describe(a: MediaArtifact, out: string): string {
  const size = a.width && a.height ? `, ${a.width}x${a.height}` : '';
  const duration = a.durationSeconds ? `, ${a.durationSeconds.toFixed(2)}s` : '';
  const kb = a.bytes >= 1024 * 1024 ? `${(a.bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(a.bytes / 1024)} kB`;
  return `  ${a.type.padEnd(10)} → ${path.join(out, a.name)}${a.isDirectory ? '/' : ''} (${kb}${size}${duration})`;
}

export function registerMediaCommand(program: Command): void {
  program
    .command('media')
    .description('Process a video file (or URL) with FFmpeg: transcodes, HLS, thumbnails, sprite, audio, probe, watermark')
    .argument('<input>', 'a video file, or an http(s) URL')
    .requiredOption('--out <dir>', 'folder for the outputs (video.mp4, hls/, thumbnails/, sprite/, audio.mp3, probe.json)')
    .option('--transcode <format[:k=v,...]>', 'mp4 | mp4-h265 | webm | mov, e.g. mp4:width=1280,crf=23,preset=veryfast (repeatable)', collect)
    .option('--hls [heights]', 'an HLS ladder from one decode, e.g. 1080,720,480 or 720:2500k,480 (default 1080,720,480)')
    .option('--thumbnails [spec]', 'every=10 | at=1,5,12 | count=5, with format=jpeg|png|webp, width=320')
    .option('--sprite [spec]', 'a scrubbing sprite sheet + WebVTT: every=10,columns=10,width=160')
    .option('--audio <format>', 'the audio track as mp3 | aac | wav')
    .option('--probe', 'write probe.json: duration, streams, codecs, rotation, frame rate')
    .option('--watermark <image@position[,k=v]>', 'logo.png@bottom-right,opacity=0.8,width=0.15,margin=16 (on transcodes and HLS)')
    .option('--allow-private-network', 'let a URL input point at loopback/private addresses (off: SSRF guard)')
    .action(async (input: string, flags: MediaFlags & { out: string; allowPrivateNetwork?: boolean }) => {
      const outputs = outputsFromFlags(flags);
      const watermark = flags.watermark ? watermarkFromFlag(flags.watermark) : undefined;
      const out = path.resolve(flags.out);
      await mkdir(out, { recursive: true });
      // Staged inside the output folder: the final moves are renames on one disk.
      const workDir = path.join(out, `.framewright-media-${randomBytes(4).toString('hex')}`);
      const interrupt = interruptSignal();
      const bar = mediaBar(path.basename(input));
      const started = performance.now();
      try {
        await mkdir(workDir, { recursive: true });
        const file = await localInput(input, workDir, Boolean(flags.allowPrivateNetwork), interrupt.signal);
        const result = await runMediaJob({
          input: file,
          outputs,
          workDir: path.join(workDir, 'out'),
          label: input,
          signal: interrupt.signal,
          onProgress: bar.update,
          ...(watermark ? { watermark: { ...watermark.placement, file: path.resolve(watermark.image) } } : {}),
        });
        await commitOutputs(result.artifacts.map((a) => ({ staged: a.path, final: path.join(out, a.name) })));
        bar.stop();
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(`Processed ${input} (${result.info.durationSeconds.toFixed(2)}s) in ${seconds.toFixed(1)}s:\n${result.artifacts.map((a) => describe(a, out)).join('\n')}\n`);
      } finally {
        bar.stop();
        interrupt.dispose();
        await rm(workDir, { recursive: true, force: true });
      }
    });
}
