import { forwardRef, useLayoutEffect, type IframeHTMLAttributes } from 'react';
import { continueRender, delayRender } from '../delay-render.ts';
import { useForwardedRef } from '../use-forwarded-ref.ts';

export type IFrameProps = IframeHTMLAttributes<HTMLIFrameElement> & {
  src: string;
  /** Options for the delayRender() handle held while the page loads. */
  delayRenderTimeoutInMilliseconds?: number;
  delayRenderRetries?: number;
};

/**
 * An `<iframe>` that holds the frame until its document has loaded. Its requests go through the
 * renderer's guard like every other request of the page.
 */
export const IFrame = forwardRef<HTMLIFrameElement, IFrameProps>(function IFrame(
  { src, onLoad, delayRenderTimeoutInMilliseconds, delayRenderRetries, ...rest },
  forwarded,
) {
  const [ref, setRef] = useForwardedRef(forwarded);
  useLayoutEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    const handle = delayRender(`Loading <IFrame src="${src}">`, {
      ...(delayRenderTimeoutInMilliseconds !== undefined ? { timeoutInMilliseconds: delayRenderTimeoutInMilliseconds } : {}),
      ...(delayRenderRetries !== undefined ? { retries: delayRenderRetries } : {}),
    });
    const done = () => continueRender(handle);
    frame.addEventListener('load', done, { once: true });
    return () => {
      frame.removeEventListener('load', done);
      continueRender(handle);
    };
  }, [src]);
  return <iframe ref={setRef} src={src} onLoad={onLoad} {...rest} />;
});
