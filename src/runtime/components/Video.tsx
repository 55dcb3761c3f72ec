import { forwardRef, useLayoutEffect, type CanvasHTMLAttributes, type CSSProperties } from 'react';
import { continueRender, delayRender } from '../delay-render.ts';
import { getEnvironment } from '../environment.ts';
import { reportFatal } from '../fatal.ts';
import { resolveAssetUrl } from '../media/asset-url.ts';
import { MEDIA_PROP_NAMES, useMedia, type MediaProps } from '../media/use-media.ts';
import { useForwardedRef } from '../use-forwarded-ref.ts';

export type VideoProps = MediaProps &
  Omit<CanvasHTMLAttributes<HTMLCanvasElement>, 'src' | 'width' | 'height'> & {
    /** How the frame fills the element's box, as CSS object-fit. @defaultValue 'contain' */
    objectFit?: CSSProperties['objectFit'];
  };

/**
 * Footage in a template, frame-accurate: the renderer decodes the source with FFmpeg and hands
 * the page the exact frame for each video frame (never by seeking an HTML `<video>`). The
 * clip's sound joins the mix unless `muted`. Drawn on a canvas the size of the source; size it
 * with `style` and fit it with `objectFit`.
 */
export const Video = forwardRef<HTMLCanvasElement, VideoProps>(function Video(props, forwarded) {
  const { objectFit = 'contain', style, ...others } = props;
  const { mediaProps, rest } = splitMediaProps(others);
  const { src } = mediaProps;
  const media = useMedia('video', mediaProps);
  const [ref, setRef] = useForwardedRef(forwarded);
  const { mediaUrl, scanOnly } = getEnvironment();
  const { playback, fps } = media;
  const frameUrl = mediaUrl
    ? `${mediaUrl}video-frame?${new URLSearchParams({
        src: playback.src,
        t: String(media.sourceSeconds),
        loop: playback.loop ? '1' : '0',
        from: String(playback.trimStart / fps),
        ...(playback.trimEnd !== null ? { to: String(playback.trimEnd / fps) } : {}),
      })}`
    : undefined;

  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas || scanOnly) return;
    if (!frameUrl) return drawPreviewFrame(canvas, src, media.sourceSeconds);
    const handle = delayRender(`<Video src="${src}"> frame at ${media.sourceSeconds.toFixed(3)} s`);
    let active = true;
    const fail = (message: string) => {
      if (!active) return;
      reportFatal({ code: 'ASSET_FETCH_FAILED', message: `<Video> could not load ${src}: ${message}` });
      continueRender(handle);
    };
    fetch(frameUrl)
      .then(async (response) => {
        if (!response.ok) {
          const body = (await response.json().catch(() => ({}))) as { message?: string };
          return fail(body.message ?? `HTTP ${response.status}`);
        }
        const width = Number(response.headers.get('x-frame-width'));
        const height = Number(response.headers.get('x-frame-height'));
        // Opaque sources come as near-lossless JPEG (decoded off the main thread), sources with
        // alpha as raw RGBA.
        const jpeg = response.headers.get('content-type') === 'image/jpeg';
        const picture = jpeg ? await createImageBitmap(await response.blob()) : new ImageData(new Uint8ClampedArray(await response.arrayBuffer()), width, height);
        if (!active) return picture instanceof ImageBitmap ? picture.close() : undefined;
        if (canvas.width !== width) canvas.width = width;
        if (canvas.height !== height) canvas.height = height;
        const context = canvas.getContext('2d')!;
        if (picture instanceof ImageBitmap) {
          context.drawImage(picture, 0, 0);
          picture.close();
        } else {
          context.putImageData(picture, 0, 0);
        }
        continueRender(handle);
      })
      .catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
    return () => {
      active = false;
      continueRender(handle);
    };
    // In a preview (no renderer, so no frame URL) the source time is what changes per frame.
  }, [frameUrl, scanOnly, frameUrl ? src : `${src}@${media.sourceSeconds}`]);

  return <canvas ref={setRef} style={{ objectFit, ...style }} data-sequence={mediaProps.name} {...rest} />;
});

/** Playback props for useMedia(); the rest (class, events, aria) go on the canvas. */
function splitMediaProps<T extends MediaProps>(props: T): { mediaProps: MediaProps; rest: Omit<T, (typeof MEDIA_PROP_NAMES)[number]> } {
  const mediaProps: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if ((MEDIA_PROP_NAMES as readonly string[]).includes(key)) mediaProps[key] = value;
    else rest[key] = value;
  }
  return { mediaProps: mediaProps as unknown as MediaProps, rest: rest as Omit<T, (typeof MEDIA_PROP_NAMES)[number]> };
}

const previews = new WeakMap<HTMLCanvasElement, HTMLVideoElement>();

/**
 * Outside the renderer (the Studio player) there is no decoder: draw from a hidden `<video>`
 * seeked to the time. Close enough to preview; renders never take this path.
 */
function drawPreviewFrame(canvas: HTMLCanvasElement, src: string, seconds: number): () => void {
  let video = previews.get(canvas);
  if (!video) {
    video = document.createElement('video');
    video.muted = true;
    video.preload = 'auto';
    video.crossOrigin = 'anonymous';
    previews.set(canvas, video);
  }
  const url = resolveAssetUrl(src);
  if (video.src !== new URL(url, document.baseURI).href) video.src = url;
  const v = video;
  // The frame is ready once the preview is drawn, as the renderer's is once decoded.
  const handle = delayRender(`<Video src="${src}"> preview at ${seconds.toFixed(3)} s`);
  const draw = () => {
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')?.drawImage(v, 0, 0);
    continueRender(handle);
  };
  const fail = () => {
    reportFatal({ code: 'ASSET_FETCH_FAILED', message: `<Video> could not load ${src}` });
    continueRender(handle);
  };
  // Before its metadata a <video> takes currentTime as a start position without seeking (no
  // `seeked`): seek once it is known. Already there with a frame decoded: draw at once.
  const seek = () => {
    if (v.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && Math.abs(v.currentTime - seconds) < 1e-6) return draw();
    v.addEventListener('seeked', draw, { once: true });
    v.currentTime = seconds;
  };
  v.addEventListener('error', fail, { once: true });
  if (v.readyState >= HTMLMediaElement.HAVE_METADATA) seek();
  else v.addEventListener('loadedmetadata', seek, { once: true });
  return () => {
    v.removeEventListener('loadedmetadata', seek);
    v.removeEventListener('seeked', draw);
    v.removeEventListener('error', fail);
    continueRender(handle);
  };
}
