import type { Redis } from 'ioredis';
import type { RenderProgress } from '../../src/render/progress.ts';

/** HSET of a chunk's `{r, e}` that never lowers either count; then the key's time to live. */
const REPORT_MAX_LUA = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
local r, e = tonumber(ARGV[2]), tonumber(ARGV[3])
if old then
  local v = cjson.decode(old)
  if v.r > r then r = v.r end
  if v.e > e then e = v.e end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({r = r, e = e}))
redis.call('EXPIRE', KEYS[1], ARGV[4])
`;

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

  /**
   * Saves a chunk's counts, keeping the highest each chunk reached: a retried chunk counts again
   * from zero, and the render's bar must not go back while it catches up.
   */
  async report(index: number, progress: RenderProgress): Promise<void> {
    await this.redis.eval(REPORT_MAX_LUA, 1, this.key, String(index), progress.renderedFrames, progress.encodedFrames, this.ttlSeconds);
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
