import { Gauge, Registry } from 'prom-client';
import type { MetricsViewer } from '../observability/metrics.ts';
import type { Usage, UsageStore } from './usage-store.ts';

const GAUGES = [
  ['framewright_usage_renders', 'Renders that succeeded, per API key, since the start', 'renders'],
  ['framewright_usage_failed_renders', 'Renders that failed, per API key', 'failedRenders'],
  ['framewright_usage_rendered_frames', 'Frames rendered, per API key', 'frames'],
  ['framewright_usage_rendered_seconds', 'Seconds of video rendered, per API key', 'renderedSeconds'],
  ['framewright_usage_stored_bytes', 'Bytes stored (outputs and assets), per API key', 'bytesStored'],
] as const;

/**
 * The per-key usage gauges in Prometheus text, read from Redis at scrape time (the same numbers
 * as GET /v1/usage). Built per scrape in a registry of its own, holding only the series the
 * viewer may see: a key must not learn other tenants' names or volumes from /metrics.
 */
export async function usageMetricsText(usage: UsageStore, viewer: MetricsViewer): Promise<string> {
  const totals: Map<string, Usage> = viewer === 'operator' ? await usage.totals() : new Map([[viewer.owner, await usage.total(viewer.owner)]]);
  const registry = new Registry();
  for (const [name, help, field] of GAUGES) {
    const gauge = new Gauge({ name, help, labelNames: ['key'], registers: [registry] });
    for (const [owner, total] of totals) gauge.set({ key: owner }, total[field]);
  }
  return registry.metrics();
}
