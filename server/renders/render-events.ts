import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseRecord, type RenderRecord } from './render-record.ts';

type Listener = (record: RenderRecord) => void;

/**
 * Live updates of renders for SSE. Every record update is published by the store's update
 * script; one subscriber connection per process subscribes to a render's channel only while
 * someone here listens to it.
 */
export class RenderEvents {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly subscriber: Redis,
    private readonly keys: RedisKeys,
    private readonly logger: Logger,
  ) {
    subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
  }

  private dispatch(channel: string, message: string): void {
    const id = channel.slice(this.keys.renderEvents('').length);
    const set = this.listeners.get(id);
    if (!set?.size) return;
    let record: RenderRecord;
    try {
      record = parseRecord(JSON.parse(message) as Record<string, string>);
    } catch (error) {
      this.logger.warn({ err: error, renderId: id }, 'unreadable render event');
      return;
    }
    for (const listener of set) listener(record);
  }

  /** Calls `listener` on every update of the render until the returned function is called. */
  async subscribe(renderId: string, listener: Listener): Promise<() => Promise<void>> {
    let set = this.listeners.get(renderId);
    if (!set) {
      set = new Set();
      this.listeners.set(renderId, set);
      await this.subscriber.subscribe(this.keys.renderEvents(renderId));
    }
    set.add(listener);
    return async () => {
      const current = this.listeners.get(renderId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(renderId);
        await this.subscriber.unsubscribe(this.keys.renderEvents(renderId));
      }
    };
  }
}
