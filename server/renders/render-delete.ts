import { FramewrightError } from '../../src/errors/index.ts';
import type { Logger } from '../observability/logger.ts';
import { renderPrefix, type Storage } from '../storage/storage.ts';
import type { RenderCache } from './render-cache.ts';
import type { RenderRecord } from './render-record.ts';
import type { RenderStore } from './render-store.ts';
import { TERMINAL_STATUSES } from './schemas.ts';

/**
 * Deletes a finished render before its retention runs out: its stored files (output, poster,
 * render.json), its cache entry (an identical request renders anew), and its record.
 */
export async function deleteRender(record: RenderRecord, deps: { store: RenderStore; storage: Storage; cache: RenderCache; logger: Logger }): Promise<void> {
  if (!TERMINAL_STATUSES.includes(record.status)) {
    throw new FramewrightError('RENDER_NOT_FINISHED', `Render "${record.id}" is ${record.status}: cancel it first (POST /v1/renders/${record.id}/cancel), then delete it`);
  }
  // A cache hit has no files of its own: its output belongs to the render it was served from.
  if (!record.cachedFrom) await deps.storage.deletePrefix(renderPrefix(record.id));
  if (record.cacheKey) await deps.cache.forget(record.cacheKey, record.id);
  await deps.store.delete(record);
  deps.logger.info({ renderId: record.id, owner: record.owner }, 'render deleted on request');
}
