/**
 * The page side of the renderer: mounts a template and moves it frame by frame. It is the entry
 * the bundler appends after the template root; Node calls `window.__framewright` through CDP.
 */
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import type { TemplateDefinition, VideoMetadata } from '../define-template.ts';
import { applyRenderTimeout, hasOpenHandles, nextDelayRenderChange, wakeDelayRenderWaiters } from '../delay-render.ts';
import { configureEnvironment } from '../environment.ts';
import { currentFatal, errorToPageError, onFatal, reportFatal } from '../fatal.ts';
import { FrameRoot } from '../FrameRoot.tsx';
import { recordMediaFrame, takeMediaReports } from '../media/media-registry.ts';
import { getRegisteredTemplate } from '../registry.ts';
import { ChangeTracker } from './change-tracker.ts';
import { watchCssFontFailures } from './css-font-failures.ts';
import { takeNotices } from './determinism.ts';
import { installRasterInvalidator, rasterAfresh } from './fresh-raster.ts';
import { flattenOwnLayers, installLayerOverrides } from './own-layers.ts';
import type { MountArgs, Notice, PageDriverApi, PageResult, SeekResult } from './protocol.ts';

interface Mounted {
  root: Root;
  template: TemplateDefinition;
  props: Record<string, unknown>;
  metadata: VideoMetadata;
  tracker: ChangeTracker;
}

let mounted: Mounted | undefined;

onFatal(wakeDelayRenderWaiters);
window.addEventListener('error', (event) => reportFatal(errorToPageError(event.error ?? event.message)));
window.addEventListener('unhandledrejection', (event) => reportFatal(errorToPageError(event.reason)));
watchCssFontFailures();

function failure(): { ok: false; error: NonNullable<ReturnType<typeof currentFatal>> } | undefined {
  const error = currentFatal();
  return error ? { ok: false, error } : undefined;
}

/** Resolves after the tasks already queued: React runs updates scheduled by effects in a task. */
function afterQueuedTasks(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/**
 * A face declared with CSS @font-face starts loading only when layout shapes text in it, and the
 * commit alone does not lay out: on a busy machine no rendering opportunity came in between, the
 * fonts read as loaded, and the frame was taken in a fallback font (its load failing after the
 * capture). While a face has not been asked for yet, lay out now, so that the status below says.
 */
function startFontLoads(): void {
  for (const face of document.fonts) {
    if (face.status !== 'unloaded') continue;
    void document.documentElement.offsetHeight;
    return;
  }
}

async function waitUntilReady(): Promise<void> {
  // Let effects scheduled by the commit run and open their delayRender handles, and state they
  // set for this frame (`useEffect(() => setX(…), [frame])`) render: the frame is judged and
  // captured with it, not one frame late.
  await Promise.resolve();
  await afterQueuedTasks();
  for (;;) {
    if (currentFatal()) return;
    startFontLoads();
    const fontsLoading = document.fonts.status === 'loading';
    if (!hasOpenHandles() && !fontsLoading) return;
    const waits: Promise<unknown>[] = [nextDelayRenderChange()];
    if (fontsLoading) waits.push(document.fonts.ready);
    await Promise.race(waits);
  }
}

const api: PageDriverApi = {
  mount({ templateId, props, propsFromMetadata, metadata, environment }: MountArgs) {
    // Errors from module load (a font that failed, a throwing import) stay recorded: each render
    // gets a fresh document (a new tab, or its tab loaded afresh), so nothing stale can be here.
    configureEnvironment(environment);
    applyRenderTimeout();
    const template = getRegisteredTemplate(templateId);
    if (!template) return { ok: false, error: { code: 'TEMPLATE_NOT_FOUND', message: `No template "${templateId}" in the bundle` } };
    const parsed = propsFromMetadata ? ({ success: true, data: props } as const) : template.schema.safeParse(props);
    if (!parsed.success) return { ok: false, error: { code: 'INVALID_PROPS', message: parsed.error.message } };
    const container = document.getElementById('root')!;
    const root = createRoot(container, {
      onUncaughtError: (error, info) =>
        reportFatal({ ...errorToPageError(error), ...(info.componentStack ? { componentStack: info.componentStack } : {}) }),
      onCaughtError: (error) => reportFatal(errorToPageError(error)),
    });
    installRasterInvalidator();
    installLayerOverrides();
    mounted = { root, template, props: parsed.data as Record<string, unknown>, metadata, tracker: new ChangeTracker() };
    return { ok: true };
  },

  async seek(frame: number): Promise<PageResult<SeekResult>> {
    const m = mounted;
    if (!m) return { ok: false, error: { code: 'INTERNAL', message: 'seek() before mount()' } };
    const early = failure();
    if (early) return early;
    flushSync(() => {
      m.root.render(<FrameRoot template={m.template} props={m.props} metadata={m.metadata} frame={frame} />);
    });
    await waitUntilReady();
    const failed = failure();
    if (failed) return failed;
    recordMediaFrame(frame);
    await m.tracker.inspectImages();
    const { changed, stale } = m.tracker.consume();
    // This frame will be captured: its pixels must not depend on what the tab painted before.
    if (changed) {
      const { turnedInDepth } = m.tracker.engineWrites(() => {
        const layers = flattenOwnLayers(stale);
        rasterAfresh(stale);
        return layers;
      });
      // Such a layer may be drawn first with its raster of the frame before: one frame lets
      // Chromium catch up (own-layers.ts).
      if (turnedInDepth) await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    const notices = takeNotices();
    return { ok: true, changed, ...(notices.length ? { notices } : {}) };
  },

  takeMedia() {
    return takeMediaReports();
  },

  async scanMedia(frames: number[]) {
    const notices = new Set<Notice>();
    for (const frame of frames) {
      const result = await api.seek(frame);
      if (!result.ok) return { ...result, frame };
      for (const n of result.notices ?? []) notices.add(n);
    }
    return { ok: true, media: takeMediaReports(), ...(notices.size ? { notices: [...notices] } : {}) };
  },

  unmount() {
    mounted?.root.unmount();
    mounted = undefined;
  },
};

window.__framewright = api;
