import { createContext, useContext, useLayoutEffect } from 'react';

/** A `<Sequence>` as a timeline shows it: absolute frames, clipped to its parent. */
export interface SequenceInfo {
  /** Stable within one mounted tree. */
  key: string;
  name: string;
  /** Absolute first frame. */
  from: number;
  /** Frames shown (Infinity clipped to the parent or the video's end). */
  durationInFrames: number;
}

/**
 * Collects the sequences of the template on screen. Only a preview (the Studio's timeline)
 * provides one; in a render the context is empty and `<Sequence>` reports nothing.
 */
export interface SequenceCollector {
  report(info: SequenceInfo): void;
}

export const SequenceCollectorContext = createContext<SequenceCollector | null>(null);

/**
 * Reports a sequence to the collector, if any. Runs even when the sequence is not active at the
 * current frame (its children are not rendered, but it is), so top-level bars are always known.
 */
export function useReportSequence(info: SequenceInfo, showInTimeline = true): void {
  const collector = useContext(SequenceCollectorContext);
  const { key, name, from, durationInFrames } = info;
  useLayoutEffect(() => {
    if (collector && showInTimeline) collector.report({ key, name, from, durationInFrames });
  }, [collector, showInTimeline, key, name, from, durationInFrames]);
}
