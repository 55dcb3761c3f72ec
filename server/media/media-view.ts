import type { MediaRecord } from './media-record.ts';
import { DEFAULT_MEDIA_EVENTS, type MediaJobView } from './media-schemas.ts';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** The public shape of a media job; `baseUrl` makes output URLs absolute. */
export function toMediaJob(record: MediaRecord, baseUrl: string): MediaJobView {
  const p = record.progress;
  const stage: MediaJobView['stage'] =
    record.status === 'queued' ? 'queued' : record.status === 'active' ? (record.serviceStage ?? p?.stage ?? 'probing') : 'done';
  const webhook = record.request.webhook;
  return {
    id: record.id,
    status: record.status,
    statusDetail: record.statusDetail ?? null,
    stage,
    progress: record.status === 'succeeded' ? 1 : Math.min(1, p?.progress ?? 0),
    etaSeconds: record.status === 'active' ? (p?.etaSeconds ?? null) : null,
    input: { ref: record.input.ref, durationSeconds: record.input.durationSeconds, width: record.input.width, height: record.input.height, bytes: record.input.bytes },
    attempts: record.attempts,
    createdAt: new Date(record.createdAt).toISOString(),
    startedAt: iso(record.startedAt),
    finishedAt: iso(record.finishedAt),
    outputs: (record.outputs ?? []).map((o) => ({
      index: o.index,
      type: o.type,
      name: o.isZip ? `${o.name}.zip` : o.name,
      url: `${baseUrl}/v1/media-jobs/${record.id}/outputs/${o.index}`,
      contentType: o.contentType,
      bytes: o.bytes,
      durationSeconds: o.durationSeconds,
      width: o.width,
      height: o.height,
    })),
    error: record.error ?? null,
    webhook: webhook ? { url: webhook.url, events: webhook.events ?? [...DEFAULT_MEDIA_EVENTS] } : null,
    metadata: record.request.metadata ?? null,
  };
}
