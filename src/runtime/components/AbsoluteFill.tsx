import { forwardRef, type CSSProperties, type HTMLAttributes } from 'react';

const FILL: CSSProperties = {
  position: 'absolute',
  top: 0,
  left: 0,
  right: 0,
  bottom: 0,
  width: '100%',
  height: '100%',
  display: 'flex',
  flexDirection: 'column',
};

/** A full-frame, absolutely positioned flex column: the usual layer of a video. */
export const AbsoluteFill = forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement>>(function AbsoluteFill(
  { style, ...rest },
  ref,
) {
  return <div ref={ref} style={{ ...FILL, ...style }} {...rest} />;
});
