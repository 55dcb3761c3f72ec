import cliProgress from 'cli-progress';
import type { RenderProgress } from '../render/progress.ts';

/** A terminal progress bar driven by the engine's progress object; silent when not a TTY. */
export function createProgressBar(label: string): { update: (p: RenderProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {stage} | frames {rendered}/{total} | ETA {eta_text}`,
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
        total: p.totalFrames,
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
