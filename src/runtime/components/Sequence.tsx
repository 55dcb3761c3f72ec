import { useContext, useId, useMemo, type CSSProperties, type ReactNode } from 'react';
import { useReportSequence } from '../sequence-registry.ts';
import { TimelineContext, type TimelineState } from '../timeline.ts';
import { AbsoluteFill } from './AbsoluteFill.tsx';

export interface SequenceProps {
  children?: ReactNode;
  /** Frame (relative to the parent) at which the children start; they see frame 0 there. @defaultValue 0 */
  from?: number;
  /** How long the children are shown. @defaultValue Infinity */
  durationInFrames?: number;
  /** 'absolute-fill' wraps children in an AbsoluteFill; 'none' renders them as they are. @defaultValue 'absolute-fill' */
  layout?: 'absolute-fill' | 'none';
  name?: string;
  style?: CSSProperties;
}

/** Shows its children for a span of time and shifts their frame numbers to start at 0. */
export function Sequence({ children, from = 0, durationInFrames = Infinity, layout = 'absolute-fill', name, style }: SequenceProps) {
  const parent = useContext(TimelineContext);
  if (!parent) throw new Error('<Sequence> must be rendered inside a Framewright template');
  if (!Number.isInteger(from)) throw new TypeError(`<Sequence> "from" must be an integer, got ${from}`);
  if (!(durationInFrames > 0)) throw new TypeError(`<Sequence> "durationInFrames" must be > 0, got ${durationInFrames}`);

  const start = parent.offset + from;
  // The Studio's timeline draws a bar per sequence; nothing listens during a render.
  useReportSequence({ key: useId(), name: name ?? 'Sequence', from: start, durationInFrames: Math.min(parent.end, start + durationInFrames) - start });
  const end = Math.min(parent.end, start + durationInFrames);
  const value = useMemo<TimelineState>(
    () => ({ absoluteFrame: parent.absoluteFrame, offset: start, end }),
    [parent.absoluteFrame, start, end],
  );
  if (parent.absoluteFrame < start || parent.absoluteFrame >= end) return null;
  const content = <TimelineContext.Provider value={value}>{children}</TimelineContext.Provider>;
  if (layout === 'none') return content;
  return (
    <AbsoluteFill data-sequence={name} style={style}>
      {content}
    </AbsoluteFill>
  );
}
