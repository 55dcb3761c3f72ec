import { FramewrightError } from '../../src/errors/index.ts';
import type { ServiceConfig } from '../config/load-config.ts';

/**
 * What one API key may ask of the service. Every field has a server default from the
 * environment; a key created or updated with its own value (`framewright keys create
 * --max-frames 100`) overrides it.
 */
export interface PlanLimits {
  /** Requests per minute. */
  requestsPerMinute: number;
  /** Renders active at once. */
  concurrentRenders: number;
  /** Renders queued or running at once (more: 429 QUOTA_EXCEEDED). */
  queuedRenders: number;
  /** Frames per render (more: 422 LIMIT_EXCEEDED). */
  framesPerRender: number;
  /** Output width × height per render. */
  pixelsPerFrame: number;
  /** Seconds of video per render. */
  durationSecondsPerRender: number;
}

/** A key's own limits, each optional. */
export type PlanOverrides = Partial<PlanLimits>;

export function defaultPlan(config: ServiceConfig): PlanLimits {
  const { limits } = config;
  return {
    requestsPerMinute: limits.requestsPerMinute,
    concurrentRenders: limits.concurrentRenders,
    queuedRenders: limits.queuedRenders,
    framesPerRender: limits.framesPerRender,
    pixelsPerFrame: limits.pixelsPerFrame,
    durationSecondsPerRender: limits.durationSecondsPerRender,
  };
}

export function resolvePlan(config: ServiceConfig, overrides: PlanOverrides | undefined): PlanLimits {
  const plan = defaultPlan(config);
  for (const [name, value] of Object.entries(overrides ?? {}) as Array<[keyof PlanLimits, number | undefined]>) {
    if (value !== undefined) plan[name] = value;
  }
  return plan;
}

/**
 * Refuses a render larger than the plan allows, before it is queued, naming the limit, the
 * value asked for and how to change it (LIMIT_EXCEEDED, 422).
 */
export function checkRenderSize(plan: PlanLimits, size: { frames: number; width: number; height: number; fps: number; scale: number }): void {
  const width = Math.round(size.width * size.scale);
  const height = Math.round(size.height * size.scale);
  const seconds = size.frames / size.fps;
  const refusals: Array<{ path: string[]; message: string }> = [];
  if (size.frames > plan.framesPerRender) {
    refusals.push({ path: ['output', 'frames'], message: `the render has ${size.frames} frames; this key may render at most ${plan.framesPerRender} per render` });
  }
  if (width * height > plan.pixelsPerFrame) {
    refusals.push({ path: ['output', 'scale'], message: `the output is ${width}×${height} (${width * height} pixels); this key may render at most ${plan.pixelsPerFrame} pixels per frame` });
  }
  if (seconds > plan.durationSecondsPerRender + 1e-9) {
    refusals.push({ path: ['output', 'frames'], message: `the render is ${seconds.toFixed(2)} s long; this key may render at most ${plan.durationSecondsPerRender} s per render` });
  }
  if (refusals.length) {
    throw new FramewrightError('LIMIT_EXCEEDED', `Over this key's plan: ${refusals.map((r) => r.message).join('; ')} (render fewer frames with output.frames, a smaller output.scale, or ask for a larger plan)`, {
      issues: refusals,
    });
  }
}
