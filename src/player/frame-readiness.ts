import { hasOpenHandles, nextDelayRenderChange } from '../runtime/delay-render.ts';
import { currentFatal } from '../runtime/fatal.ts';

/**
 * Resolves once the frame just committed is what the renderer would capture: no delayRender
 * handle open (images decoding, media, the template's own) and no font loading. The same rule
 * as the page driver's; resolves early on a fatal error (the error is reported separately).
 */
export async function frameReady(signal: AbortSignal): Promise<boolean> {
  // Effects scheduled by the commit run first and may open handles.
  await Promise.resolve();
  for (;;) {
    if (signal.aborted) return false;
    if (currentFatal()) return true;
    const fontsLoading = document.fonts.status === 'loading';
    if (!hasOpenHandles() && !fontsLoading) return true;
    const waits: Promise<unknown>[] = [nextDelayRenderChange()];
    if (fontsLoading) waits.push(document.fonts.ready);
    waits.push(new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true })));
    await Promise.race(waits);
  }
}
