import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.ts';
import { ChannelEvents } from '../redis/channel-events.ts';
import { parseMediaRecord, type MediaRecord } from './media-record.ts';
import type { MediaKeys } from './media-store.ts';

/** Live updates of media jobs for SSE (see ChannelEvents). */
export class MediaEvents extends ChannelEvents<MediaRecord> {
  constructor(subscriber: Redis, keys: MediaKeys, logger: Logger) {
    super(subscriber, { channel: (id) => keys.events(id), parse: parseMediaRecord, idField: 'mediaJobId', unreadable: 'unreadable media job event' }, logger);
  }
}
