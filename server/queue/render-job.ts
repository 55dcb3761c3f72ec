import { z } from 'zod';
import { FramewrightError } from '../../src/errors/index.ts';
import { outputOptionsSchema } from '../renders/schemas.ts';

export const RENDER_QUEUE = 'render-jobs';

/**
 * What a render job carries. Validated when the API enqueues it and again when a worker reads
 * it back from Redis: a worker of another version, or a hand-edited job, fails cleanly.
 */
export const renderJobSchema = z.strictObject({
  v: z.literal(1),
  renderId: z.string().min(1),
  owner: z.string().min(1),
  template: z.string().min(1),
  props: z.record(z.string(), z.unknown()),
  output: outputOptionsSchema,
  /** Bundle the API validated against; a worker with another bundle logs the mismatch. */
  bundleHash: z.string(),
  cacheKey: z.string().nullable(),
});
export type RenderJob = z.infer<typeof renderJobSchema>;

export function parseRenderJob(data: unknown): RenderJob {
  const parsed = renderJobSchema.safeParse(data);
  if (!parsed.success) {
    throw new FramewrightError('INVALID_REQUEST', `Render job payload is invalid: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
