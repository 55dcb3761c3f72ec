import { forwardRef } from 'react';
import { Video, type VideoProps } from './Video.tsx';

export type OffthreadVideoProps = VideoProps & {
  /** Accepted for Remotion templates: frames always come from FFmpeg, alpha included where the source has it. */
  transparent?: boolean;
  /** Accepted for Remotion templates; colours are as FFmpeg converts them to sRGB. */
  toneMapped?: boolean;
  /** Accepted for Remotion templates; the frame format is chosen by the source (JPEG, or raw RGBA with alpha). */
  imageFormat?: 'jpeg' | 'png';
};

/**
 * Remotion's `<OffthreadVideo>`: footage whose frames are extracted outside the browser. Our
 * `<Video>` already works that way (FFmpeg decodes on the Node side), so this is `<Video>`
 * under Remotion's name, accepting its extra props.
 */
export const OffthreadVideo = forwardRef<HTMLCanvasElement, OffthreadVideoProps>(function OffthreadVideo(props, ref) {
  // Remotion draws OffthreadVideo's frames in an <img>, whose object-fit starts at `fill`: in a
  // box of another shape the picture stretches, where a <video> (and our <Video>) letterboxes.
  const { transparent: _t, toneMapped: _tm, imageFormat: _f, objectFit = 'fill', ...video } = props;
  return <Video ref={ref} objectFit={objectFit} {...video} />;
});
