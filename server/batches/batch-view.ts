import type { RenderStore } from '../renders/render-store.ts';
import type { RenderRecord } from '../renders/render-record.ts';
import { TERMINAL_STATUSES, type RenderStatus } from '../renders/schemas.ts';
import type { Batch } from './batch-schemas.ts';
import type { BatchRecord, BatchRowEntry, BatchStore } from './batch-store.ts';

/**
 * A row's render that does not exist: before the batch completed, it is one not queued yet (an
 * API that stopped mid-batch; the resumer queues it); after, retention deleted a final one.
 */
function missingStatus(batch: BatchRecord): RenderStatus {
  return batch.completedAt ? 'succeeded' : 'queued';
}

function renderProgress(record: RenderRecord | undefined, missing: RenderStatus): number {
  if (!record) return missing === 'queued' ? 0 : 1;
  if (TERMINAL_STATUSES.includes(record.status)) return 1;
  return record.progress?.progress ?? 0;
}

/** A batch as the API shows it: counts by status, progress, and (in detail) every row. */
export async function batchView(
  deps: { batches: BatchStore; renders: RenderStore; baseUrl: string },
  record: BatchRecord,
  options: { detail: boolean; rows?: BatchRowEntry[] },
): Promise<Batch> {
  const rows = options.rows ?? (await deps.batches.rows(record.id));
  const renders = await deps.renders.getMany(rows.map((r) => r.renderId));
  const counts: Record<RenderStatus, number> = { queued: 0, active: 0, succeeded: 0, failed: 0, canceled: 0 };
  const missing = missingStatus(record);
  let progress = 0;
  for (const row of rows) {
    const render = renders.get(row.renderId);
    counts[render?.status ?? missing]++;
    progress += renderProgress(render, missing);
  }
  const status = record.completedAt ? (record.cancelRequested ? 'canceled' : 'completed') : 'running';
  const base = deps.baseUrl;
  const accepted: Batch['rows'] = rows.map((row) => {
    const render = renders.get(row.renderId);
    return {
      row: row.row,
      line: row.line ?? null,
      name: row.name,
      renderId: row.renderId,
      status: render?.status ?? missing,
      progress: renderProgress(render, missing),
      error: render?.error ?? null,
      outputUrl: render?.status === 'succeeded' ? `${base}/v1/renders/${row.renderId}/output` : null,
    };
  });
  const rejected: Batch['rows'] = record.invalid.map((r) => ({
    row: r.row,
    line: r.line,
    name: null,
    renderId: null,
    status: 'invalid' as const,
    progress: 0,
    error: { code: r.code, message: r.errors.map((e) => `${e.field || 'row'}: ${e.message}`).join('; '), errors: r.errors },
    outputUrl: null,
  }));
  return {
    id: record.id,
    template: record.template,
    status,
    counts: { rows: record.total, accepted: record.accepted, rejected: record.invalid.length, ...counts },
    progress: rows.length ? Math.min(1, progress / rows.length) : 1,
    createdAt: new Date(record.createdAt).toISOString(),
    completedAt: record.completedAt ? new Date(record.completedAt).toISOString() : null,
    naming: record.naming ?? null,
    ignoredColumns: record.ignoredColumns ?? [],
    metadata: record.metadata ?? null,
    outputUrl: `${base}/v1/batches/${record.id}/output`,
    ...(options.detail ? { rows: [...accepted!, ...rejected!].sort((a, b) => a.row - b.row) } : {}),
  };
}
