import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/observability/logger.ts';
import { ChannelEvents } from '../../server/redis/channel-events.ts';
import { randomPrefix, SHARED_REDIS_URL } from './helpers/service.ts';

describe('live record updates (SSE feed)', () => {
  const prefix = randomPrefix();
  let subscriber: Redis;
  let publisher: Redis;

  beforeAll(() => {
    subscriber = new Redis(SHARED_REDIS_URL);
    publisher = new Redis(SHARED_REDIS_URL);
  });

  afterAll(() => {
    subscriber?.disconnect();
    publisher?.disconnect();
  });

  it('a SUBSCRIBE that failed (a Redis blip) does not leave later listeners of that record deaf', async () => {
    const events = new ChannelEvents<Record<string, string>>(subscriber, { channel: (id) => `${prefix}:events:${id}`, parse: (f) => f, idField: 'id', unreadable: 'unreadable' }, createLogger('silent'));
    // The first stream's SUBSCRIBE fails, as it does while the connection is down.
    const subscribe = subscriber.subscribe.bind(subscriber);
    let failNext = true;
    subscriber.subscribe = ((...args: Parameters<Redis['subscribe']>) => {
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('Connection is closed.'));
      }
      return subscribe(...args);
    }) as Redis['subscribe'];
    await expect(events.subscribe('rnd_1', () => {})).rejects.toThrow(/closed/);

    // The next stream of the same record subscribes for real and hears its updates.
    const heard: string[] = [];
    let heardOne!: () => void;
    const got = new Promise<void>((resolve) => (heardOne = resolve));
    await events.subscribe('rnd_1', (record) => {
      heard.push(record.status!);
      heardOne();
    });
    // PUBLISH answers how many connections are subscribed to the channel: ours must be one.
    expect(await publisher.publish(`${prefix}:events:rnd_1`, JSON.stringify({ status: 'succeeded' }))).toBe(1);
    await got;
    expect(heard).toEqual(['succeeded']);
  });
});
