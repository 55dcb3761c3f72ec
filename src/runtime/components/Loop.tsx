import { createContext, useContext, type CSSProperties, type ReactNode } from 'react';
import { useTimeline } from '../timeline.ts';
import { Sequence } from './Sequence.tsx';

export interface LoopProps {
  children?: ReactNode;
  /** Length of one pass; the children see frames 0 … durationInFrames − 1 on every pass. */
  durationInFrames: number;
  /** How many passes; after the last the children unmount. @defaultValue Infinity */
  times?: number;
  /** As on `<Sequence>`. @defaultValue 'absolute-fill' */
  layout?: 'absolute-fill' | 'none';
  name?: string;
  showInTimeline?: boolean;
  style?: CSSProperties;
  className?: string;
}

export interface LoopState {
  /** 0 on the first pass. */
  iteration: number;
  durationInFrames: number;
}

const LoopContext = createContext<LoopState | null>(null);

/** Plays its children again and again: each pass is a `<Sequence>` of `durationInFrames`. */
export function Loop({ children, durationInFrames, times = Infinity, ...sequenceProps }: LoopProps) {
  // Fractional lengths are allowed, as in Remotion (`fps * 1.5` at 25 fps): each pass then
  // starts at a fractional frame and the children see fractional frames.
  if (!(Number.isFinite(durationInFrames) && durationInFrames > 0)) {
    throw new TypeError(`<Loop> "durationInFrames" must be a finite number > 0, got ${durationInFrames}`);
  }
  if (!(times >= 0 && (Number.isInteger(times) || times === Infinity))) {
    throw new TypeError(`<Loop> "times" must be an integer ≥ 0 or Infinity, got ${times}`);
  }
  const timeline = useTimeline();
  const local = timeline.absoluteFrame - timeline.offset;
  const iteration = Math.floor(local / durationInFrames);
  if (local < 0 || iteration >= times) return null;
  // The same <Sequence> element on every pass keeps the children mounted across passes.
  return (
    <LoopContext.Provider value={{ iteration, durationInFrames }}>
      <Sequence {...sequenceProps} from={iteration * durationInFrames} durationInFrames={durationInFrames}>
        {children}
      </Sequence>
    </LoopContext.Provider>
  );
}

/** Inside a `<Loop>`: which pass is playing and how long one is; `null` outside a loop. */
Loop.useLoop = function useLoop(): LoopState | null {
  return useContext(LoopContext);
};
