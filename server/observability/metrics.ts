import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Who reads /metrics: a tenant sees only its own per-key series, the operator every tenant's. */
export type MetricsViewer = { owner: string } | 'operator';

/** Series that depend on who asks (per-key usage), rendered per scrape for that viewer. */
export type ViewerSection = (viewer: MetricsViewer) => Promise<string>;

export interface QueueCounts {
  (): Promise<Record<string, number>>;
}

/**
 * Prometheus metrics of one service process, in its own registry (several services can live in
 * one test process). Queue depth is read from Redis at scrape time, so every process reports
 * the shared queue; the counters and histograms count what this process did.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly rendersTotal: Counter<'status'>;
  readonly renderSeconds: Histogram;
  readonly renderFps: Histogram;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly webhookDeliveries: Counter<'outcome'>;
  readonly mediaJobsTotal: Counter<'status'>;
  readonly mediaJobSeconds: Histogram;
  readonly stillSeconds: Histogram<'format'>;
  private queueCounts: QueueCounts | undefined;
  private readonly sections: ViewerSection[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'framewright_' });
    this.rendersTotal = new Counter({
      name: 'framewright_renders_total',
      help: 'Renders that reached a final status in this process, by status',
      labelNames: ['status'],
      registers: [this.registry],
    });
    this.renderSeconds = new Histogram({
      name: 'framewright_render_duration_seconds',
      help: 'Wall time of successful renders, from start on a worker to stored output',
      buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800],
      registers: [this.registry],
    });
    this.renderFps = new Histogram({
      name: 'framewright_render_frames_per_second',
      help: 'Frames per second of successful renders (frames / render seconds)',
      buckets: [0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120],
      registers: [this.registry],
    });
    this.httpRequests = new Counter({
      name: 'framewright_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.webhookDeliveries = new Counter({
      name: 'framewright_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome',
      labelNames: ['outcome'],
      registers: [this.registry],
    });
    this.mediaJobsTotal = new Counter({
      name: 'framewright_media_jobs_total',
      help: 'Media jobs that reached a final status in this process, by status',
      labelNames: ['status'],
      registers: [this.registry],
    });
    this.mediaJobSeconds = new Histogram({
      name: 'framewright_media_job_duration_seconds',
      help: 'Wall time of successful media jobs, from start on a worker to stored outputs',
      buckets: [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200],
      registers: [this.registry],
    });
    this.stillSeconds = new Histogram({
      name: 'framewright_still_duration_seconds',
      help: 'Wall time of successful POST /v1/stills, from the request to the image, by format (waiting for a slot included)',
      labelNames: ['format'],
      buckets: [0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 0.75, 1, 2, 5, 10, 30],
      registers: [this.registry],
    });
    const metrics = this;
    new Gauge({
      name: 'framewright_queue_jobs',
      help: 'Render jobs in the shared queue by state (queue depth: waiting + delayed + prioritized)',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        if (!metrics.queueCounts) return;
        const counts = await metrics.queueCounts();
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
  }

  /** Adds series that are filtered per viewer; they never enter the shared registry. */
  addViewerSection(section: ViewerSection): void {
    this.sections.push(section);
  }

  /** The Prometheus text a viewer may see: this process's metrics, then the viewer's own sections. */
  async text(viewer: MetricsViewer): Promise<string> {
    const parts = await Promise.all([this.registry.metrics(), ...this.sections.map((section) => section(viewer))]);
    return parts.map((p) => (p.endsWith('\n') ? p : `${p}\n`)).join('');
  }

  /** Where the queue-depth gauge reads from (set by processes that hold the queue). */
  watchQueue(counts: QueueCounts): void {
    this.queueCounts = counts;
  }
}
