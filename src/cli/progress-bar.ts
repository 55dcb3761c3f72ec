import cliProgress from 'cli-progress';
import type { RenderProgress } from '../render/progress.ts';

/** A terminal progress bar driven by the engine's progress object; silent when not a TTY. */
export function createProgressBar(
  label: string,
  { stream = process.stderr }: { stream?: NodeJS.WriteStream } = {},
): { update: (p: RenderProgress) => void; stop: () => void } {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      // `{total}` and `{value}` are cli-progress's own tokens (the bar's 0..1000 scale), which win
      // over payload keys of the same name: the frame counts need names of their own.
      format: `${label} [{bar}] {percentage}% | {stage} | frames {rendered}/{totalFrames} | ETA {eta_text}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = {
        stage: p.stage,
        rendered: p.renderedFrames,
        totalFrames: p.totalFrames,
        eta_text: p.etaSeconds === null ? '…' : `${Math.ceil(p.etaSeconds)}s`,
      };
      if (!started) {
        bar.start(1000, 0, payload);
        started = true;
      }
      bar.update(Math.round(p.progress * 1000), payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
