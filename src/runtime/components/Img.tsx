import { forwardRef, useLayoutEffect, type ImgHTMLAttributes } from 'react';
import { continueRender, delayRender } from '../delay-render.ts';
import { reportFatal } from '../fatal.ts';
import { assetFailureReason, resolveAssetUrl } from '../media/asset-url.ts';
import { useForwardedRef } from '../use-forwarded-ref.ts';

export type ImgProps = Omit<ImgHTMLAttributes<HTMLImageElement>, 'src'> & {
  src: string;
  /** Timeout of the delayRender() handle held while loading. @defaultValue the render's */
  delayRenderTimeoutInMilliseconds?: number;
  /** Retries of that handle on a fresh page (see delayRender). @defaultValue 0 */
  delayRenderRetries?: number;
  /** Accepted for Remotion templates; a failed load fails the render at once (use delayRenderRetries to retry). */
  maxRetries?: number;
  /** Accepted for Remotion templates: a render always waits. */
  pauseWhenLoading?: boolean;
};

/**
 * An `<img>` that holds the frame until the image is loaded and decoded, so it is never captured
 * half-loaded or missing. A failed load fails the render (ASSET_FETCH_FAILED) naming the URL,
 * unless the template passes `onError`: then the handler decides (replace `src` or unmount).
 * Remote URLs load through the renderer's guarded proxy (once per render, SSRF-checked).
 */
export const Img = forwardRef<HTMLImageElement, ImgProps>(function Img(
  { src, delayRenderTimeoutInMilliseconds, delayRenderRetries, maxRetries: _maxRetries, pauseWhenLoading: _pause, onError, ...rest },
  forwarded,
) {
  // An empty src (a prop left blank) loads nothing and fires neither load nor error, so the
  // frame would wait out the whole delayRender timeout: say what is wrong at once instead.
  if (!src) throw new TypeError('<Img> was given an empty src: pass a URL or staticFile() path, or leave the <Img> out');
  const loadedSrc = resolveAssetUrl(src, 'image');
  const [ref, setRef] = useForwardedRef(forwarded);
  const handlesErrors = onError !== undefined;

  // A layout effect runs inside the commit, so the handle is open before the frame is checked.
  useLayoutEffect(() => {
    const img = ref.current;
    if (!img) return;
    const handle = delayRender(`Loading <Img src="${src}">`, {
      ...(delayRenderTimeoutInMilliseconds !== undefined ? { timeoutInMilliseconds: delayRenderTimeoutInMilliseconds } : {}),
      ...(delayRenderRetries !== undefined ? { retries: delayRenderRetries } : {}),
    });
    let active = true;
    const finish = () => {
      if (active) continueRender(handle);
      active = false;
    };
    const fail = () => {
      if (!active) return;
      // With an onError handler the template takes the failure on, as in Remotion: it swaps the
      // src or unmounts the image (which releases this handle); if it does neither, the handle
      // times out and the render fails naming the image.
      if (handlesErrors) return;
      void assetFailureReason(loadedSrc).then((reason) => {
        if (!active) return;
        reportFatal({ code: 'ASSET_FETCH_FAILED', message: `<Img> could not load ${src}${reason ? `: ${reason}` : ''}` });
        finish();
      });
    };
    const ready = () => {
      img.decode().then(finish, () => (img.naturalWidth > 0 ? finish() : fail()));
    };
    if (img.complete && img.naturalWidth > 0) ready();
    else {
      img.addEventListener('load', ready, { once: true });
      img.addEventListener('error', fail, { once: true });
    }
    return () => {
      img.removeEventListener('load', ready);
      img.removeEventListener('error', fail);
      finish();
    };
  }, [src, handlesErrors]);

  return <img ref={setRef} src={loadedSrc} decoding="sync" onError={onError} {...rest} />;
});
