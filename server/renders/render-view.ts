import type { RenderRecord } from './render-record.ts';
import { WEBHOOK_EVENTS, type Render, type WebhookEventType } from './schemas.ts';

/** Events delivered when a webhook does not list its own. */
export const DEFAULT_WEBHOOK_EVENTS: readonly WebhookEventType[] = WEBHOOK_EVENTS.filter((e) => e !== 'render.started');

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** The public shape of a render; `baseUrl` makes the output URL absolute (for webhooks and clients). */
export function toRender(record: RenderRecord, baseUrl: string): Render {
  const p = record.progress;
  const stage: Render['stage'] =
    record.status === 'queued' ? 'queued' : record.status === 'active' ? (record.serviceStage ?? p?.stage ?? 'bundling') : 'done';
  const output = record.output;
  const webhook = record.request.webhook;
  return {
    id: record.id,
    template: record.template,
    status: record.status,
    statusDetail: record.statusDetail ?? null,
    stage,
    progress: record.status === 'succeeded' ? 1 : Math.min(1, p?.progress ?? 0),
    etaSeconds: record.status === 'active' ? (p?.etaSeconds ?? null) : null,
    // A cache hit has no progress of its own: every frame of the output it points at is done.
    frames: {
      rendered: p?.renderedFrames ?? output?.frames ?? 0,
      encoded: p?.encodedFrames ?? output?.frames ?? 0,
      total: p?.totalFrames ?? output?.frames ?? null,
      captured: output?.capturedFrames ?? null,
      reused: output?.reusedFrames ?? null,
    },
    attempts: record.attempts,
    cached: record.cachedFrom !== undefined,
    createdAt: new Date(record.createdAt).toISOString(),
    startedAt: iso(record.startedAt),
    finishedAt: iso(record.finishedAt),
    output: output
      ? {
          url: `${baseUrl}/v1/renders/${record.id}/output`,
          contentType: output.contentType,
          bytes: output.bytes,
          durationSeconds: output.durationSeconds,
          width: output.width,
          height: output.height,
          fps: output.fps,
          frames: output.frames,
          posterUrl: output.posterKey ? `${baseUrl}/v1/renders/${record.id}/poster` : null,
        }
      : null,
    error: record.error ?? null,
    webhook: webhook ? { url: webhook.url, events: webhook.events ?? [...DEFAULT_WEBHOOK_EVENTS] } : null,
    metadata: record.request.metadata ?? null,
  };
}
