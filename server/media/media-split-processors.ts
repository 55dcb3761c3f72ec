import { randomBytes } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { runMediaJob, type MediaArtifact } from '../../src/media-jobs/pipeline.ts';
import { encodeSegment, joinSegments, segmentExtension } from '../../src/media-jobs/segments.ts';
import type { TranscodeOutput } from '../../src/media-jobs/spec.ts';
import { artifactNames } from '../../src/media-jobs/steps.ts';
import { probeMedia } from '../../src/render/media/probe-media.ts';
import { FORMATS } from '../../src/render/formats/formats.ts';
import { decideFailure, errorForQueue } from '../queue/retry-policy.ts';
import { CancelRequested } from '../queue/stop-reasons.ts';
import { TERMINAL_STATUSES } from '../renders/schemas.ts';
import { finishSucceeded, finishUnsuccessful, storeArtifacts } from './media-finish.ts';
import { mediaKey, storedFile } from './media-inputs.ts';
import { handleMediaFailure, localInputs, type MediaDeps } from './media-processor.ts';
import { mediaJoinPayloadSchema, mediaSegmentPayloadSchema, parsePayload, segmentKeyOf, segmentResultSchema } from './media-queue.ts';

export interface SplitDeps extends MediaDeps {
  redis: Redis;
  segmentProgressKey: (jobId: string) => string;
}

/**
 * One segment of a split job: its frames of one transcode output, video only, stored for the
 * join. A segment that keeps failing fails the whole job (its last attempt says so), as a chunk
 * of a split render does; a cancel stops every segment of the job on every worker.
 */
export async function processMediaSegment(job: Job, signal: AbortSignal, deps: SplitDeps): Promise<unknown> {
  let p;
  try {
    p = parsePayload(mediaSegmentPayloadSchema, job.data, 'Media segment');
  } catch (error) {
    throw new UnrecoverableError((error as Error).message);
  }
  const log = deps.logger.child({ mediaJobId: p.jobId, output: p.output, segment: p.segment.index });
  const record = await deps.store.get(p.jobId);
  if (!record || TERMINAL_STATUSES.includes(record.status)) throw new UnrecoverableError('The media job has finished');
  if (record.cancelRequested) {
    // Canceled while this segment waited: no worker was running a part of the job to hear it.
    await finishUnsuccessful(record, 'canceled', { code: 'CANCELED', message: 'The media job was canceled' }, deps, log);
    throw new UnrecoverableError('canceled');
  }
  const workDir = path.join(deps.tmpDir, `${p.jobId}-seg-${p.output}-${p.segment.index}-${randomBytes(4).toString('hex')}`);
  try {
    const { input, watermark, info } = await localInputs(record, deps, workDir, signal);
    const options = record.request.outputs[p.output] as TranscodeOutput;
    const file = path.join(workDir, `segment${segmentExtension(options.format)}`);
    await encodeSegment({ input, info, options, segment: p.segment, output: file, watermark, signal });
    const key = segmentKeyOf(p.jobId, p.output, p.segment.index, segmentExtension(options.format));
    await deps.storage.putFile(key, file, { contentType: FORMATS[options.format].contentType, signal });
    // Progress over the split: segments done of all segments (the join is the last few percent).
    const field = `${p.output}-${p.segment.index}`;
    await deps.redis.hset(deps.segmentProgressKey(p.jobId), field, '1');
    await deps.redis.pexpire(deps.segmentProgressKey(p.jobId), deps.config.retentionMs);
    const done = await deps.redis.hlen(deps.segmentProgressKey(p.jobId));
    const total = p.count * record.request.outputs.filter((o) => o.type === 'transcode').length;
    await deps.store.update(record, { from: ['active'], set: { progress: { stage: 'processing', progress: Math.min(0.95, (0.9 * done) / total), etaSeconds: null, outputsDone: 0, outputsTotal: record.request.outputs.length } } });
    return { output: p.output, index: p.segment.index, key };
  } catch (error) {
    if (signal.aborted && signal.reason instanceof CancelRequested) {
      await finishUnsuccessful(record, 'canceled', { code: 'CANCELED', message: 'The media job was canceled' }, deps, log);
      throw new UnrecoverableError('canceled');
    }
    if (signal.aborted) throw error;
    const decision = decideFailure(error, { made: job.attemptsMade, max: job.opts.attempts ?? 1 });
    if (!decision.retry) await finishUnsuccessful(record, 'failed', { code: decision.error.code, message: `Segment ${p.segment.index + 1} of ${p.count}: ${decision.error.message}` }, deps, log, ['active']);
    throw errorForQueue(decision);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The parent of the segments: join each transcode by stream copy, make the other outputs, store, succeed. */
export async function processMediaJoin(job: Job, token: string | undefined, signal: AbortSignal, deps: SplitDeps): Promise<unknown> {
  let p;
  try {
    p = parsePayload(mediaJoinPayloadSchema, job.data, 'Media join');
  } catch (error) {
    throw new UnrecoverableError((error as Error).message);
  }
  const log = deps.logger.child({ mediaJobId: p.jobId, step: 'join' });
  const record = await deps.store.get(p.jobId);
  if (!record || TERMINAL_STATUSES.includes(record.status)) return 'skipped';
  if (record.cancelRequested) {
    await finishUnsuccessful(record, 'canceled', { code: 'CANCELED', message: 'The media job was canceled' }, deps, log);
    return 'canceled';
  }
  const workDir = path.join(deps.tmpDir, `${p.jobId}-join-${randomBytes(4).toString('hex')}`);
  try {
    const results = Object.values(await job.getChildrenValues()).map((v) => segmentResultSchema.parse(v));
    const { input, watermark, info } = await localInputs(record, deps, workDir, signal);
    const outputs = record.request.outputs;
    const names = artifactNames(outputs);
    const artifacts: MediaArtifact[] = [];
    for (const index of p.outputs) {
      const options = outputs[index] as TranscodeOutput;
      const mine = results.filter((r) => r.output === index).sort((a, b) => a.index - b.index);
      const files = await Promise.all(mine.map((r) => storedFile(deps.storage, r.key, path.join(workDir, 'segments', String(index)), signal)));
      const target = path.join(workDir, 'out', names[index]!);
      await joinSegments({ input, info, options, segments: files, output: target, workDir, signal });
      const facts = await probeMedia(target, 'the joined transcode', signal);
      const { size } = await stat(target);
      artifacts.push({ index, type: 'transcode', name: names[index]!, path: target, isDirectory: false, contentType: FORMATS[options.format].contentType, bytes: size, durationSeconds: facts.duration ?? null, width: facts.video?.width ?? null, height: facts.video?.height ?? null });
    }
    const rest = outputs.flatMap((o, i) => (p.outputs.includes(i) ? [] : [i]));
    if (rest.length) {
      const more = await runMediaJob({ input, info, outputs: rest.map((i) => outputs[i]!), watermark, workDir: path.join(workDir, 'rest'), signal });
      artifacts.push(...more.artifacts.map((a) => ({ ...a, index: rest[a.index]!, name: names[rest[a.index]!]! })));
    }
    await deps.store.update(record, { from: ['active'], set: { serviceStage: 'storing' } });
    const stored = await storeArtifacts(record, artifacts, deps.storage, signal);
    await finishSucceeded(record, stored, deps, log);
    await deps.storage.deletePrefix(mediaKey(p.jobId, 'segments/'));
    return 'succeeded';
  } catch (error) {
    return await handleMediaFailure(error, { job, token, record, signal, deps, log });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
