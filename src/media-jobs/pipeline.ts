import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { throwIfAborted } from '../errors/index.ts';
import { checkInput, inspectInput, type InputInfo } from './inspect-input.ts';
import { MediaProgressTracker, type MediaProgress } from './progress.ts';
import { DEFAULT_MEDIA_LIMITS, type MediaLimits, type MediaOutput } from './spec.ts';
import { artifactNames, audioStep, hlsStep, probeStep, spriteStep, stepWeight, thumbnailsStep, transcodeStep, type StepContext, type StepResult } from './steps.ts';
import type { WatermarkInput } from './video-args.ts';

export interface MediaJobOptions {
  /** The input, a local file (URLs and assets are fetched by the caller). */
  input: string;
  outputs: readonly MediaOutput[];
  watermark?: WatermarkInput | undefined;
  /** A folder of this job's own: artifacts are staged here; the caller publishes and removes it. */
  workDir: string;
  limits?: Partial<MediaLimits> | undefined;
  /** The input's facts when already inspected (the API checks before queueing). */
  info?: InputInfo | undefined;
  /** How the input is named in errors. @defaultValue 'The input' */
  label?: string | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: MediaProgress) => void) | undefined;
}

export interface MediaArtifact extends StepResult {
  index: number;
  type: MediaOutput['type'];
  /** File or folder name, unique within the job (`video.mp4`, `hls`, `thumbnails`, ...). */
  name: string;
  /** Bytes of the file, or of every file in the folder. */
  bytes: number;
}

export interface MediaJobResult {
  info: InputInfo;
  artifacts: MediaArtifact[];
}

async function sizeOf(p: string, isDirectory: boolean): Promise<number> {
  if (!isDirectory) return (await stat(p)).size;
  const entries = await readdir(p, { recursive: true, withFileTypes: true });
  const sizes = await Promise.all(entries.filter((e) => e.isFile()).map(async (e) => (await stat(path.join(e.parentPath, e.name))).size));
  return sizes.reduce((a, b) => a + b, 0);
}

function runStep(o: MediaOutput, c: StepContext): Promise<StepResult> {
  switch (o.type) {
    case 'transcode':
      return transcodeStep(o, c);
    case 'hls':
      return hlsStep(o, c);
    case 'thumbnails':
      return thumbnailsStep(o, c);
    case 'sprite':
      return spriteStep(o, c);
    case 'audio':
      return audioStep(o, c);
    case 'probe':
      return probeStep(c);
  }
}

/**
 * A media job on one machine: inspect → check → one step per output (each one FFmpeg, in
 * order) → artifacts staged in `workDir`. Nothing is published here: the CLI moves the
 * artifacts into place and the service stores them, only once every output succeeded.
 */
export async function runMediaJob(o: MediaJobOptions): Promise<MediaJobResult> {
  const limits = { ...DEFAULT_MEDIA_LIMITS, ...o.limits };
  const label = o.label ?? 'The input';
  o.onProgress?.({ stage: 'probing', progress: 0, etaSeconds: null, outputsDone: 0, outputsTotal: o.outputs.length });
  const info = o.info ?? (await inspectInput(o.input, label, o.signal));
  checkInput(info, o.outputs, limits, label);
  throwIfAborted(o.signal);
  await mkdir(o.workDir, { recursive: true });
  const names = artifactNames(o.outputs);
  const tracker = new MediaProgressTracker(o.outputs.map((out) => stepWeight(out, info)), o.onProgress);
  tracker.setStage('processing');
  const artifacts: MediaArtifact[] = [];
  for (const [index, output] of o.outputs.entries()) {
    throwIfAborted(o.signal);
    const result = await runStep(output, {
      input: o.input,
      info,
      watermark: output.type === 'transcode' || output.type === 'hls' ? o.watermark : undefined,
      target: path.join(o.workDir, names[index]!),
      signal: o.signal,
      onFraction: (f) => tracker.step(index, f),
    });
    artifacts.push({ ...result, index, type: output.type, name: names[index]!, bytes: await sizeOf(result.path, result.isDirectory) });
    tracker.outputDone(index);
  }
  tracker.setStage('done');
  return { info, artifacts };
}
