import type { Response } from 'express';
import type { Logger } from '../observability/logger.ts';
import { TERMINAL_STATUSES, type RenderStatus } from '../renders/schemas.ts';

const HEARTBEAT_MS = 15_000;

/** What one SSE endpoint streams: a record kind with a status, how to follow it, read it and show it. */
export interface RecordStream<R extends { status: RenderStatus }> {
  res: Response;
  /** Open streams, ended by the server on shutdown. */
  streams: Set<Response>;
  logger: Logger;
  subscribe(listener: (record: R) => void): Promise<() => Promise<void>>;
  read(): Promise<R>;
  view(record: R): unknown;
  /** The warning logged when unsubscribing fails. */
  what: string;
}

/**
 * Streams a record as Server-Sent Events: `progress` events with its view, then one `final`
 * event once its status is terminal, and the stream ends. Resolves once the stream is set up;
 * on a failure the stream is closed and the error rethrown.
 */
export async function streamRecordEvents<R extends { status: RenderStatus }>(stream: RecordStream<R>): Promise<void> {
  const { res, streams, logger } = stream;
  let sequence = 0;
  let closed = false;
  let unsubscribe: (() => Promise<void>) | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    streams.delete(res);
    unsubscribe?.().catch((error: unknown) => logger.warn({ err: error }, `unsubscribing from ${stream.what} events failed`));
    res.end();
  };
  const send = (record: R) => {
    if (closed) return;
    const final = TERMINAL_STATUSES.includes(record.status);
    res.write(`id: ${++sequence}\nevent: ${final ? 'final' : 'progress'}\ndata: ${JSON.stringify(stream.view(record))}\n\n`);
    if (final) close();
  };
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Proxies such as nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  streams.add(res);
  res.once('close', close);
  try {
    // Subscribe before reading, so no update between the read and the subscription is lost.
    unsubscribe = await stream.subscribe(send);
    // The client may have gone while the subscription was being set up.
    if (closed) return void (await unsubscribe());
    send(await stream.read());
    if (!closed) heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  } catch (error) {
    close();
    throw error;
  }
}
