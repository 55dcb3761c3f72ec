import { z } from 'zod';
import { MAX_CHUNKS } from '../../src/render/chunks/plan-chunks.ts';

/**
 * How a render may be split across workers. These are the service's options, not the engine's:
 * one engine render always renders one contiguous range. Split off before calling the engine.
 */
export const distributionOptionsSchema = z.object({
  chunks: z
    .union([z.literal('auto'), z.number().int().min(1).max(MAX_CHUNKS)])
    .optional()
    .describe('Split the render across workers: "auto" (default) picks from the length and the live workers; 1 never splits'),
  framesPerChunk: z.number().int().min(1).optional().describe('Alternative to chunks: frames per chunk'),
});
export type DistributionOptions = z.infer<typeof distributionOptionsSchema>;

/** Separates the distribution options from the engine's render options. */
export function splitDistribution<T extends DistributionOptions>(output: T): { distribution: DistributionOptions; render: Omit<T, 'chunks' | 'framesPerChunk'> } {
  const { chunks, framesPerChunk, ...render } = output;
  return {
    distribution: { ...(chunks !== undefined ? { chunks } : {}), ...(framesPerChunk !== undefined ? { framesPerChunk } : {}) },
    render,
  };
}
