import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.ts';
import { parseMediaRecord, type MediaRecord } from './media-record.ts';
import type { MediaKeys } from './media-store.ts';

type Listener = (record: MediaRecord) => void;

/** Live updates of media jobs for SSE: every record update is published by the store's update script. */
export class MediaEvents {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly subscriber: Redis,
    private readonly keys: MediaKeys,
    private readonly logger: Logger,
  ) {
    subscriber.on('message', (channel: string, message: string) => {
      const prefix = keys.events('');
      if (!channel.startsWith(prefix)) return;
      const id = channel.slice(prefix.length);
      const set = this.listeners.get(id);
      if (!set?.size) return;
      let record: MediaRecord;
      try {
        record = parseMediaRecord(JSON.parse(message) as Record<string, string>);
      } catch (error) {
        this.logger.warn({ err: error, mediaJobId: id }, 'unreadable media job event');
        return;
      }
      for (const listener of set) listener(record);
    });
  }

  async subscribe(id: string, listener: Listener): Promise<() => Promise<void>> {
    let set = this.listeners.get(id);
    if (!set) {
      set = new Set();
      this.listeners.set(id, set);
      await this.subscriber.subscribe(this.keys.events(id));
    }
    set.add(listener);
    return async () => {
      const current = this.listeners.get(id);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(id);
        await this.subscriber.unsubscribe(this.keys.events(id));
      }
    };
  }
}
