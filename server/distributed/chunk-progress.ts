import type { Redis } from 'ioredis';
import type { RenderProgress } from '../../src/render/progress.ts';

/**
 * Progress of a split render: each chunk writes its frame counts to one Redis hash, and the
 * render's progress is their sum, so the API, SSE and the CLI see one bar for the whole video.
 */
export class ChunkProgress {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly ttlSeconds: number,
  ) {}

  async report(index: number, progress: RenderProgress): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key, String(index), JSON.stringify({ r: progress.renderedFrames, e: progress.encodedFrames }))
      .expire(this.key, this.ttlSeconds)
      .exec();
  }

  /** The whole render's progress from every chunk's counts. */
  async total(totalFrames: number, splitAt: number): Promise<RenderProgress> {
    const fields = await this.redis.hvals(this.key);
    let rendered = 0;
    let encoded = 0;
    for (const f of fields) {
      const v = JSON.parse(f) as { r: number; e: number };
      rendered += v.r;
      encoded += v.e;
    }
    return aggregateProgress({ rendered, encoded, totalFrames, elapsedMs: Date.now() - splitAt });
  }

  async clear(): Promise<void> {
    await this.redis.del(this.key);
  }
}

/** Pure: the progress object of a split render from summed frame counts. */
export function aggregateProgress(a: { rendered: number; encoded: number; totalFrames: number; elapsedMs: number }): RenderProgress {
  const fraction = a.totalFrames ? Math.min(1, a.encoded / a.totalFrames) : 0;
  const rate = a.elapsedMs > 500 && a.encoded > 0 ? a.encoded / (a.elapsedMs / 1000) : 0;
  return {
    stage: 'rendering',
    renderedFrames: a.rendered,
    encodedFrames: a.encoded,
    totalFrames: a.totalFrames,
    // Leave the last few percent to assembly, as the engine leaves them to finalizing.
    progress: 0.05 + 0.9 * fraction,
    etaSeconds: rate ? Math.round(((a.totalFrames - a.encoded) / rate) * 10) / 10 : null,
  };
}
