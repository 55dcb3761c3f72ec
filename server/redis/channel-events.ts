import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.ts';

type Listener<T> = (record: T) => void;

/** The listeners of one record's channel, and its SUBSCRIBE (confirmed or in flight). */
interface Subscription<T> {
  set: Set<Listener<T>>;
  ready: Promise<void>;
}

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
  private readonly listeners = new Map<string, Subscription<T>>();
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
    const set = this.listeners.get(id)?.set;
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

  /**
   * Calls `listener` on every update of the record until the returned function is called.
   * Resolves once the channel's SUBSCRIBE is confirmed (also for a second listener joining while
   * the first one's is in flight); when it fails, the channel is forgotten so that the next
   * listener subscribes again rather than joining a subscription that never happened.
   */
  async subscribe(id: string, listener: Listener<T>): Promise<() => Promise<void>> {
    let entry = this.listeners.get(id);
    if (!entry) {
      const created: Subscription<T> = { set: new Set(), ready: this.subscriber.subscribe(this.spec.channel(id)).then(() => undefined) };
      created.ready.catch(() => {
        if (this.listeners.get(id) === created) this.listeners.delete(id);
      });
      this.listeners.set(id, created);
      entry = created;
    }
    // In the set before waiting, so that another listener leaving meanwhile keeps the channel.
    entry.set.add(listener);
    try {
      await entry.ready;
    } catch (error) {
      entry.set.delete(listener);
      throw error;
    }
    const subscription = entry;
    return async () => {
      if (!subscription.set.delete(listener) || subscription.set.size > 0) return;
      if (this.listeners.get(id) !== subscription) return;
      this.listeners.delete(id);
      await this.subscriber.unsubscribe(this.spec.channel(id));
    };
  }
}
