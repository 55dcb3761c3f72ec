import { useMemo, type ReactNode } from 'react';
import { TimelineContext, useTimeline, type TimelineState } from '../timeline.ts';

export interface FreezeProps {
  children?: ReactNode;
  /** The frame (relative to the enclosing sequence) the children are held at. */
  frame: number;
  /** Hold only while this is true, or while it returns true for the current frame. @defaultValue true */
  active?: boolean | ((frame: number) => boolean);
}

/**
 * Holds its children at one frame: `useCurrentFrame()` inside returns `frame` (where active).
 * Footage inside shows that frame and `<Audio>`/`<Video>` inside are muted while frozen.
 */
export function Freeze({ children, frame, active = true }: FreezeProps) {
  if (!Number.isFinite(frame)) throw new TypeError(`<Freeze> "frame" must be a finite number, got ${frame}`);
  const parent = useTimeline();
  const local = parent.absoluteFrame - parent.offset;
  const on = typeof active === 'function' ? active(local) : active;
  const held = useMemo<TimelineState>(
    () => ({ ...parent, absoluteFrame: parent.offset + frame, silent: true }),
    [parent, frame],
  );
  return <TimelineContext.Provider value={on ? held : parent}>{children}</TimelineContext.Provider>;
}
