import type { Redis } from 'ioredis';

/**
 * Tells every worker process "stop render X" over Redis pub/sub. The render's cancel flag in
 * its record is the durable half: a worker that picks the job up later reads the flag.
 */
export class CancelBus {
  private readonly handlers = new Set<(renderId: string) => void>();
  private subscribed: Promise<unknown> | undefined;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
  ) {}

  async publish(renderId: string): Promise<void> {
    await this.publisher.publish(this.channel, renderId);
  }

  async listen(handler: (renderId: string) => void): Promise<() => void> {
    this.handlers.add(handler);
    if (!this.subscribed) {
      this.subscriber.on('message', (channel: string, message: string) => {
        if (channel !== this.channel) return;
        for (const h of this.handlers) h(message);
      });
      this.subscribed = this.subscriber.subscribe(this.channel);
    }
    await this.subscribed;
    return () => this.handlers.delete(handler);
  }
}
