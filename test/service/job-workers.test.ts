import { Queue, type Job } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/load-config.ts';
import { createLogger } from '../../server/observability/logger.ts';
import { JobWorkers } from '../../server/queue/job-workers.ts';
import { CancelRequested, ShutdownRequested } from '../../server/queue/stop-reasons.ts';
import { testEnv } from './helpers/service.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A processor that runs until its signal fires, and tells what stopped it. */
function stoppable() {
  const started: string[] = [];
  const stops = new Map<string, unknown>();
  const waiters: Array<() => void> = [];
  const changed = () => waiters.splice(0).forEach((w) => w());
  const until = async (ok: () => boolean) => {
    while (!ok()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  const process = (job: Job, _token: string | undefined, signal: AbortSignal) =>
    new Promise<string>((resolve) => {
      started.push(job.id!);
      changed();
      signal.addEventListener('abort', () => {
        stops.set(job.id!, signal.reason);
        changed();
        resolve('stopped');
      }, { once: true });
    });
  return { process, started, stops, until };
}

async function start(queueName: string, work: ReturnType<typeof stoppable>) {
  const config = loadConfig(testEnv('/tmp', { SHUTDOWN_TIMEOUT: '200ms' }));
  const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
  const queue = new Queue(queueName, { connection, prefix: config.redis.prefix });
  // The shared Redis keeps nothing of a test: the queue's keys go with it.
  cleanups.push(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });
  let cancel: (id: string) => void = () => {};
  const workers = await JobWorkers.start({
    label: 'test',
    queues: [{ queue: queueName, concurrency: 2, process: work.process }],
    // Jobs are filed by the id their data names, as media jobs and chunks are.
    cancelIdOf: (job) => String((job.data as { owner: string }).owner),
    config,
    logger: createLogger('silent'),
    workerName: 'job-workers-test',
    connection,
    cancelBus: { listen: async (handler) => ((cancel = handler), () => (cancel = () => {})) },
  });
  cleanups.push(() => workers.close());
  return { queue, workers, cancel: (id: string) => cancel(id) };
}

describe('JobWorkers', () => {
  it('a cancel on the bus stops every job filed under its id, and only those', async () => {
    const work = stoppable();
    const { queue, workers, cancel } = await start('jw-cancel', work);
    await queue.add('a', { owner: 'r1' }, { jobId: 'a' });
    await queue.add('b', { owner: 'r2' }, { jobId: 'b' });
    await work.until(() => work.started.length === 2);
    expect(workers.size).toBe(2);
    expect(workers.cancel('nobody')).toBe(false);
    cancel('r1');
    await work.until(() => work.stops.has('a'));
    expect(work.stops.get('a')).toBeInstanceOf(CancelRequested);
    expect(work.stops.has('b')).toBe(false);
  });

  it('close hands jobs still running after the shutdown timeout back with ShutdownRequested', async () => {
    const work = stoppable();
    const { queue, workers } = await start('jw-close', work);
    await queue.add('a', { owner: 'r1' }, { jobId: 'a' });
    await work.until(() => work.started.length === 1);
    await workers.close();
    expect(work.stops.get('a')).toBeInstanceOf(ShutdownRequested);
    expect(workers.size).toBe(0);
  });
});
