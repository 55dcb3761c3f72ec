import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.ts';

type Listener<T> = (record: T) => void;

/** How one kind of record is published: its channel per id, how to read a message, how to name it in logs. */
export interface ChannelEventsSpec<T> {
  channel(id: string): string;
  parse(fields: Record<string, string>): T;
  /** The log field that carries the id (`renderId`, `mediaJobId`) and the warning for a message that cannot be read. */
  idField: string;
  unreadable: string;
}

/**
 * Live updates of stored records for SSE. Every record update is published by its store's update
 * script; one subscriber connection per process subscribes to a record's channel only while
 * someone here listens to it. Renders and media jobs share the subscriber, so each instance only
 * reads the channels under its own prefix.
 */
export class ChannelEvents<T> {
  private readonly listeners = new Map<string, Set<Listener<T>>>();
  private readonly prefix: string;

  constructor(
    private readonly subscriber: Redis,
    private readonly spec: ChannelEventsSpec<T>,
    private readonly logger: Logger,
  ) {
    this.prefix = spec.channel('');
    subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
  }

  private dispatch(channel: string, message: string): void {
    if (!channel.startsWith(this.prefix)) return;
    const id = channel.slice(this.prefix.length);
    const set = this.listeners.get(id);
    if (!set?.size) return;
    let record: T;
    try {
      record = this.spec.parse(JSON.parse(message) as Record<string, string>);
    } catch (error) {
      this.logger.warn({ err: error, [this.spec.idField]: id }, this.spec.unreadable);
      return;
    }
    for (const listener of set) listener(record);
  }

  /** Calls `listener` on every update of the record until the returned function is called. */
  async subscribe(id: string, listener: Listener<T>): Promise<() => Promise<void>> {
    let set = this.listeners.get(id);
    if (!set) {
      set = new Set();
      this.listeners.set(id, set);
      await this.subscriber.subscribe(this.spec.channel(id));
    }
    set.add(listener);
    return async () => {
      const current = this.listeners.get(id);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(id);
        await this.subscriber.unsubscribe(this.spec.channel(id));
      }
    };
  }
}
