import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.ts';
import { ChannelEvents } from '../redis/channel-events.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseRecord, type RenderRecord } from './render-record.ts';

/** Live updates of renders for SSE (see ChannelEvents). */
export class RenderEvents extends ChannelEvents<RenderRecord> {
  constructor(subscriber: Redis, keys: RedisKeys, logger: Logger) {
    super(subscriber, { channel: (id) => keys.renderEvents(id), parse: parseRecord, idField: 'renderId', unreadable: 'unreadable render event' }, logger);
  }
}
