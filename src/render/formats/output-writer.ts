import type { ResolvedRenderOptions } from '../options/registry.ts';
import type { AudioMixPlan } from '../audio/mix-plan.ts';
import type { CaptureFormat } from '../page/render-page.ts';

/**
 * Where captured frames go: `start → writeFrame* → finish`, or `abort` at any point; the
 * orchestrator guarantees one of the two runs (FrameEncoder is one).
 */
export interface FrameSink {
  start(): void;
  writeFrame(image: Buffer): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

/** A file or folder the writer staged, and where it goes once the render succeeds. */
export interface StagedOutput {
  staged: string;
  final: string;
}

/**
 * One output format's writer. Frames (if the format has any) go to `sink`; once every frame is
 * in and the audio mix is known, `finalize` makes the staged outputs.
 */
export interface OutputWriter {
  /** Image format the pages capture; 'none' for audio-only formats (nothing is captured). */
  capture: CaptureFormat | 'none';
  sink: FrameSink | undefined;
  /** Whether this format carries sound (so the mix is worth planning). */
  hasAudio: boolean;
  finalize(audio: AudioMixPlan | undefined, signal: AbortSignal): Promise<void>;
  outputs: StagedOutput[];
}

export interface WriterContext {
  options: ResolvedRenderOptions;
  /** Frame rate of the output (GIF: divided by everyNthFrame). */
  fps: number;
  /** Size of the captured frames. */
  width: number;
  height: number;
  /** Absolute frame numbers captured, in order (names of png-seq files). */
  frames: readonly number[];
  /** Private scratch folder beside the output (same file system, so staging is a rename). */
  workDir: string;
  /** The caller's output path. */
  output: string;
}
