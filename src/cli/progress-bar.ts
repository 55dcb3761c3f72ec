import cliProgress from 'cli-progress';
import type { RenderProgress } from '../render/progress.ts';

/** The bar's own scale: fine enough that a long render still moves it. */
const SCALE = 1000;

export interface TerminalBar<P extends Record<string, unknown>> {
  /** `fraction` is 0..1; `payload` fills the format's own tokens. */
  update: (fraction: number, payload: P) => void;
  stop: () => void;
}

/**
 * A cli-progress bar on a terminal, silent when the stream is not one (a log file, CI): every
 * CLI bar (render, batch, media) is made here. cli-progress replaces `{value}` and `{total}` with
 * its own scale before any payload key of the same name, so a format that shows counts with
 * those tokens prints `0/1000`: counts must come from payload tokens of other names.
 */
export function createTerminalBar<P extends Record<string, unknown>>(
  format: string,
  { stream = process.stderr }: { stream?: NodeJS.WriteStream } = {},
): TerminalBar<P> {
  if (/\{(value|total)\}/.test(format)) throw new TypeError(`progress bar format "${format}" shows the bar's internal scale ({value}/{total}): name the counts in the payload`);
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({ stream, format, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(fraction, payload) {
      const value = Math.round(Math.min(1, Math.max(0, fraction)) * SCALE);
      if (!started) {
        bar.start(SCALE, value, payload);
        started = true;
      }
      bar.update(value, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** The render's bar, driven by the engine's progress object. */
export function createProgressBar(
  label: string,
  options: { stream?: NodeJS.WriteStream } = {},
): { update: (p: RenderProgress) => void; stop: () => void } {
  const bar = createTerminalBar(`${label} [{bar}] {percentage}% | {stage} | frames {rendered}/{totalFrames} | ETA {eta_text}`, options);
  return {
    update: (p) =>
      bar.update(p.progress, {
        stage: p.stage,
        rendered: p.renderedFrames,
        totalFrames: p.totalFrames,
        eta_text: p.etaSeconds === null ? '…' : `${Math.ceil(p.etaSeconds)}s`,
      }),
    stop: bar.stop,
  };
}
