import { randomBytes } from 'node:crypto';
import { FramewrightError, toFramewrightError, type ErrorIssue } from '../../src/errors/index.ts';
import { outputNames } from '../../src/batch/naming.ts';
import { checkColumns, rowToProps } from '../../src/batch/row-props.ts';
import type { InputRow } from '../../src/batch/rows.ts';
import { FORMATS } from '../../src/render/formats/formats.ts';
import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { CatalogCache } from '../renders/catalog-cache.ts';
import { newRenderId } from '../renders/render-id.ts';
import type { Principal } from '../auth/principal.ts';
import { canonicalJson, sha256 } from '../renders/canonical.ts';
import { awaitReplayed, type IdempotencyKeys } from '../renders/idempotency.ts';
import { rerooted, type PreparedRender, type RenderService } from '../renders/render-service.ts';
import type { RenderStore } from '../renders/render-store.ts';
import type { OutputOptions, RenderRequest } from '../renders/schemas.ts';
import type { Batch, InvalidRow } from './batch-schemas.ts';
import type { BatchRecord, BatchStore } from './batch-store.ts';
import { batchView } from './batch-view.ts';

/** BullMQ's largest priority. */
const MAX_PRIORITY = 2_097_151;
/** Rows queued (or cancelled) at once: enough to hide Redis round trips, few enough to stay polite. */
const PARALLEL = 16;

export interface BatchInput {
  template: string;
  rows: InputRow[];
  output?: OutputOptions | undefined;
  webhook?: { url: string } | undefined;
  naming?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
  cache?: boolean | undefined;
}

export interface BatchServiceDeps {
  config: ServiceConfig;
  catalog: CatalogCache;
  renders: RenderService;
  renderStore: RenderStore;
  batches: BatchStore;
  /** Idempotency-Key claims of batches (apart from the renders'). */
  idempotency: IdempotencyKeys;
  logger: Logger;
  baseUrl: () => string;
  checkWebhookTarget: (url: string) => Promise<void>;
}

/** `bat_` + time (base 36) + random: ids sort by creation time, like render ids. */
export function newBatchId(now = Date.now()): string {
  return `bat_${now.toString(36).padStart(10, '0')}${Array.from(randomBytes(12), (b) => (b % 36).toString(36)).join('')}`;
}

function invalidRow(row: InputRow, code: string, issues: readonly ErrorIssue[], fallback: string): InvalidRow {
  const errors = issues.length
    ? issues.map((i) => ({ field: i.path.join('.'), path: [...i.path], message: i.message }))
    : [{ field: '', path: [], message: fallback }];
  return { row: row.row, line: row.line ?? null, code, errors };
}

/** Strips the request member a RenderService issue is rooted at (`props`), so fields read as columns. */
function asRowIssues(issues: readonly ErrorIssue[]): ErrorIssue[] {
  return issues.map((i) => (i.path[0] === 'props' ? { ...i, path: i.path.slice(1) } : i));
}

/** The render request of one batch row: the same when the row is first queued and when it is resumed. */
function rowRequest(batch: { template: string; output?: OutputOptions | undefined; metadata?: Record<string, unknown> | undefined; cache?: boolean | undefined }, id: string, row: number, props: Record<string, unknown>): RenderRequest {
  return {
    template: batch.template,
    props,
    ...(batch.output ? { output: batch.output } : {}),
    metadata: { ...batch.metadata, batchId: id, row },
    ...(batch.cache === false ? { cache: false } : {}),
  };
}

async function inParallel<T>(items: readonly T[], work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, lane));
}

/** Batches: many rows of one template, validated row by row, queued fairly, tracked together. */
export class BatchService {
  constructor(private readonly deps: BatchServiceDeps) {}

  private view(record: BatchRecord, detail: boolean): Promise<Batch> {
    return batchView({ batches: this.deps.batches, renders: this.deps.renderStore, baseUrl: this.deps.baseUrl() }, record, { detail });
  }

  /**
   * Checks and queues a batch. With an Idempotency-Key, a repeat of the same request (same
   * template, rows, options) returns the batch the first one created instead of rendering every
   * row again; the same key with another request is a 409.
   */
  async create(principal: Principal, input: BatchInput, idempotencyKey?: string): Promise<{ batch: Batch; replayed: boolean }> {
    if (idempotencyKey === undefined) return { batch: await this.createNew(principal, input, newBatchId()), replayed: false };
    const { idempotency } = this.deps;
    const id = newBatchId();
    const bodyHash = sha256(canonicalJson({ ...input, rows: input.rows.map((r) => r.cells) }));
    const claim = await idempotency.claim(principal.owner, idempotencyKey, bodyHash, id);
    if (claim.kind === 'replay') {
      const record = await awaitReplayed(async () => {
        const found = await this.deps.batches.get(claim.id);
        return found?.owner === principal.owner ? found : undefined;
      });
      return { batch: await this.view(record, true), replayed: true };
    }
    try {
      return { batch: await this.createNew(principal, input, id), replayed: false };
    } catch (error) {
      // Nothing was created (invalid rows, no queue room, ...): a corrected retry may use the key.
      // A batch that was written is resumed by the sweep: a retry gets that batch back.
      const written = await this.deps.batches.get(id).then(Boolean, () => true);
      if (!written) await idempotency.release(principal.owner, idempotencyKey);
      throw error;
    }
  }

  private async createNew(principal: Principal, input: BatchInput, id: string): Promise<Batch> {
    const { deps } = this;
    const { maxRows } = deps.config.batches;
    if (input.rows.length > maxRows) {
      throw new FramewrightError('LIMIT_EXCEEDED', `The batch has ${input.rows.length} rows; at most ${maxRows} are allowed (MAX_BATCH_ROWS): split it`, {
        issues: [{ path: ['rows'], message: `at most ${maxRows} rows` }],
      });
    }
    if (!input.rows.length) throw new FramewrightError('INVALID_BODY', 'The batch has no rows', { issues: [{ path: ['rows'], message: 'needs at least one row' }] });
    const info = (await deps.catalog.get()).info(input.template);
    const ignoredColumns = checkColumns(input.rows, { id: input.template, propsSchema: info.propsSchema });
    if (input.webhook) {
      await deps.checkWebhookTarget(input.webhook.url).catch((error: unknown) => {
        throw rerooted('webhook', error);
      });
    }

    // One plan lookup for the whole batch, not one per row.
    const plan = await deps.renders.planOf(principal.owner);
    const invalid: InvalidRow[] = [];
    const valid: Array<{ input: InputRow; props: Record<string, unknown>; request: RenderRequest; prepared: PreparedRender }> = [];
    for (const row of input.rows) {
      const { props, issues } = rowToProps(row.cells, info.propsSchema, info.defaultProps);
      if (issues.length) {
        invalid.push(invalidRow(row, 'INVALID_PROPS', issues, 'invalid cells'));
        continue;
      }
      const request = rowRequest(input, id, row.row, props);
      try {
        valid.push({ input: row, props, request, prepared: await deps.renders.prepare(principal, request, { plan }) });
      } catch (error) {
        const e = toFramewrightError(error);
        if (e.kind !== 'input' && e.kind !== 'template') throw error;
        invalid.push(invalidRow(row, e.code, asRowIssues(e.issues), e.message));
      }
    }
    if (!valid.length) {
      const issues = invalid.slice(0, 100).flatMap((r) => r.errors.map((e) => ({ path: ['rows', r.row, ...e.path], message: e.message })));
      throw new FramewrightError('INVALID_ROWS', `None of the ${input.rows.length} rows is valid; the first: row ${invalid[0]!.row}: ${invalid[0]!.errors.map((e) => `${e.field || 'row'}: ${e.message}`).join('; ')}`, { issues });
    }
    await deps.renders.checkQueueRoom(principal.owner, valid.length);

    const format = valid[0]!.prepared.options.format;
    // HLS is stored as a zip of its folder; every other format as a file of its own extension.
    const extension = format === 'hls' ? 'zip' : FORMATS[format].extension.slice(1);
    const names = outputNames(input.naming, valid.map((v) => ({ row: v.input.row, cells: v.input.cells, props: v.props })), extension);
    const rows = valid.map((v, i) => ({ row: v.input.row, ...(v.input.line ? { line: v.input.line } : {}), renderId: newRenderId(), name: names[i]!, props: v.props }));
    const record = {
      id,
      owner: principal.owner,
      template: input.template,
      createdAt: Date.now(),
      total: input.rows.length,
      accepted: valid.length,
      invalid,
      ...(ignoredColumns.length ? { ignoredColumns } : {}),
      ...(input.naming ? { naming: input.naming } : {}),
      ...(input.webhook ? { webhookUrl: input.webhook.url } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
      ...(input.output ? { output: input.output } : {}),
      ...(input.cache === false ? { cache: 'false' as const } : {}),
    };
    await deps.batches.create(record, rows);

    // Fairness: each row's priority is its place in its key's own line (renders the key has
    // open, then this batch's rows in order). Keys take turns at equal places; renders queued
    // without a batch carry no priority and go before every batch row.
    const ahead = await deps.renderStore.countOpen(principal.owner);
    // From here on the batch is accepted: a row that cannot be queued now (Redis away for a
    // moment) is left to the resumer rather than failing a request whose batch exists.
    let unqueued = 0;
    await inParallel(valid, async (v, i) => {
      try {
        // Tells the resumer this batch's creator is alive (it resumes batches that stopped moving).
        if (i > 0 && i % PARALLEL === 0) await deps.batches.touchEnqueuing(id);
        await deps.renders.enqueue(principal, v.request, v.prepared, {
          id: rows[i]!.renderId,
          batch: { id, row: v.input.row },
          priority: Math.min(MAX_PRIORITY, ahead + i + 1),
        });
      } catch (error) {
        unqueued++;
        deps.logger.warn({ err: error, batchId: id, row: v.input.row }, 'a batch row could not be queued now; the batch resumer will');
      }
    });
    // The answer shows the rows as just queued: it is read first, the bookkeeping after.
    const written = (await deps.batches.get(id))!;
    const answer = await this.view(written, true);
    if (!unqueued) await deps.batches.doneEnqueuing(id);
    deps.logger.info({ batchId: id, owner: principal.owner, template: input.template, accepted: valid.length, rejected: invalid.length, ignoredColumns }, 'batch queued');
    // A cancel that came while rows were still being queued could not reach the later ones.
    if (!written.cancelRequested) return answer;
    await this.cancelOpen(principal, id);
    return this.view((await deps.batches.get(id)) ?? written, true);
  }

  /**
   * Queues the renders of a batch whose creator stopped before it had queued them all (an API
   * killed mid-request, Redis gone for a moment). Rows already queued are left alone; a row
   * whose render was written but whose job was not gets its job; the rest are checked and queued
   * as they would have been, or fail with the problem a check now finds. Returns the rows queued.
   */
  async resume(id: string): Promise<number> {
    const { deps } = this;
    const record = await deps.batches.get(id);
    if (!record) {
      await deps.batches.doneEnqueuing(id);
      return 0;
    }
    const principal: Principal = { owner: record.owner, keyId: null };
    const rows = await deps.batches.rows(id);
    const existing = await deps.renderStore.getMany(rows.map((r) => r.renderId));
    const ahead = await deps.renderStore.countOpen(record.owner);
    let queued = 0;
    await inParallel(rows, async (row, i) => {
      const placement = { id: row.renderId, batch: { id, row: row.row }, priority: Math.min(MAX_PRIORITY, ahead + i + 1) };
      const render = existing.get(row.renderId);
      if (render) {
        if ((await deps.renders.requeue(render, placement)) === 'queued') queued++;
        return;
      }
      const request = rowRequest({ ...record, cache: record.cache !== 'false' }, id, row.row, row.props ?? {});
      if (record.cancelRequested) {
        await deps.renders.endUnqueued(principal, request, placement, 'canceled', { code: 'CANCELED', message: 'The batch was canceled' });
        return;
      }
      let prepared: PreparedRender;
      try {
        prepared = await deps.renders.prepare(principal, request);
      } catch (error) {
        const e = toFramewrightError(error);
        await deps.renders.endUnqueued(principal, request, placement, 'failed', { code: e.code, message: e.message });
        return;
      }
      await deps.renders.enqueue(principal, request, prepared, placement);
      queued++;
    });
    await deps.batches.doneEnqueuing(id);
    if ((await deps.batches.get(id))?.cancelRequested) await this.cancelOpen(principal, id);
    deps.logger.warn({ batchId: id, owner: record.owner, queued }, 'batch resumed: its creator stopped before queueing every row');
    return queued;
  }

  async record(principal: Principal, id: string): Promise<BatchRecord> {
    const record = await this.deps.batches.get(id);
    if (!record || record.owner !== principal.owner) throw new FramewrightError('NOT_FOUND', `No batch "${id}"`);
    return record;
  }

  async get(principal: Principal, id: string): Promise<Batch> {
    return this.view(await this.record(principal, id), true);
  }

  async list(principal: Principal, query: { limit: number; cursor?: string | undefined }): Promise<{ data: Batch[]; nextCursor: string | null }> {
    const page = await this.deps.batches.list(principal.owner, query);
    return { data: await Promise.all(page.records.map((r) => this.view(r, false))), nextCursor: page.nextCursor };
  }

  /** Cancels every row still queued or running; finished rows keep their outputs. */
  async cancel(principal: Principal, id: string): Promise<Batch> {
    const { deps } = this;
    const record = await this.record(principal, id);
    if (record.completedAt) throw new FramewrightError('BATCH_FINISHED', `Batch "${id}" has already finished`);
    await deps.batches.markCancelRequested(id);
    const canceled = await this.cancelOpen(principal, id);
    deps.logger.info({ batchId: id, canceled }, 'batch cancel requested');
    return this.view((await deps.batches.get(id)) ?? record, true);
  }

  /** Cancels the batch's renders not final yet; rows not queued yet are the creator's (or resumer's) to end. */
  private async cancelOpen(principal: Principal, id: string): Promise<number> {
    const open = await this.deps.batches.openRenders(id);
    await inParallel(open, async (renderId) => {
      await this.deps.renders.cancel(principal, renderId).catch((error: unknown) => {
        // A row that finished meanwhile (or is not queued yet) has nothing to cancel here.
        const code = toFramewrightError(error).code;
        if (code !== 'RENDER_FINISHED' && code !== 'NOT_FOUND') throw error;
      });
    });
    return open.length;
  }
}
