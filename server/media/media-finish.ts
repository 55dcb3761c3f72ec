import { stat } from 'node:fs/promises';
import { FramewrightError } from '../../src/errors/index.ts';
import type { MediaArtifact } from '../../src/media-jobs/pipeline.ts';
import { zipDirectory } from '../../src/render/formats/zip.ts';
import type { ServiceConfig } from '../config/load-config.ts';
import type { Logger } from '../observability/logger.ts';
import type { Storage } from '../storage/storage.ts';
import { mediaKey } from './media-inputs.ts';
import type { MediaNotifier } from './media-notifier.ts';
import type { MediaRecord, StoredMediaOutput } from './media-record.ts';
import type { MediaStore } from './media-store.ts';

export interface FinishDeps {
  config: ServiceConfig;
  store: MediaStore;
  storage: Storage;
  notifier: MediaNotifier;
}

export function outputsPrefix(jobId: string): string {
  return mediaKey(jobId, 'outputs/');
}

/** Stores every artifact (folders as one zip each). Called only once every output succeeded. */
export async function storeArtifacts(record: MediaRecord, artifacts: readonly MediaArtifact[], storage: Storage, signal: AbortSignal): Promise<StoredMediaOutput[]> {
  const stored: StoredMediaOutput[] = [];
  for (const a of artifacts) {
    let file = a.path;
    let name = a.name;
    if (a.isDirectory) {
      file = `${a.path}.zip`;
      await zipDirectory(a.path, file, a.name);
      name = `${a.name}.zip`;
    }
    const bytes = (await stat(file)).size;
    const key = mediaKey(record.id, `outputs/${a.index}-${name}`);
    await storage.putFile(key, file, { contentType: a.contentType, signal });
    stored.push({ index: a.index, type: a.type, name: a.name, key, contentType: a.contentType, bytes, durationSeconds: a.durationSeconds, width: a.width, height: a.height, isZip: a.isDirectory });
  }
  return stored.sort((x, y) => x.index - y.index);
}

export async function finishSucceeded(record: MediaRecord, outputs: StoredMediaOutput[], deps: FinishDeps, log: Logger): Promise<void> {
  const now = Date.now();
  const done = await deps.store.update(record, {
    from: ['active'],
    status: 'succeeded',
    set: { outputs, finishedAt: now },
    del: ['serviceStage', 'statusDetail'],
    expireAt: now + deps.config.retentionMs,
  });
  if (!done.applied) {
    // Canceled while storing: what was stored is not published.
    await deps.storage.deletePrefix(outputsPrefix(record.id));
    throw new FramewrightError('INTERNAL', `The media job left the active state (${done.previous}) before it could be marked succeeded`);
  }
  await deps.notifier.notifySafely('media.succeeded', { ...record, status: 'succeeded', outputs, finishedAt: now }, log);
}

/** Moves the job to a final failed/canceled status, drops anything stored for it, tells the caller. */
export async function finishUnsuccessful(
  record: MediaRecord,
  status: 'failed' | 'canceled',
  error: { code: string; message: string },
  deps: FinishDeps,
  log: Logger,
  from: MediaRecord['status'][] = ['queued', 'active'],
): Promise<boolean> {
  const now = Date.now();
  const done = await deps.store.update(record, { from, status, set: { finishedAt: now, error }, del: ['serviceStage', 'statusDetail'], expireAt: now + deps.config.retentionMs });
  await deps.storage.deletePrefix(outputsPrefix(record.id)).catch((e: unknown) => log.warn({ err: e }, 'could not remove partial outputs'));
  if (!done.applied) return false;
  log.info({ code: error.code }, `media job ${status}`);
  await deps.notifier.notifySafely(status === 'canceled' ? 'media.canceled' : 'media.failed', { ...record, status, finishedAt: now, error }, log);
  return true;
}
