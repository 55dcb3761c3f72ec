import { useContext, useId, useMemo, type CSSProperties, type ReactNode, type Ref } from 'react';
import { getEnvironment } from '../environment.ts';
import { useReportSequence } from '../sequence-registry.ts';
import { TimelineContext, type TimelineState } from '../timeline.ts';
import { AbsoluteFill } from './AbsoluteFill.tsx';
import { Freeze } from './Freeze.tsx';

export interface SequenceProps {
  children?: ReactNode;
  /**
   * Frame (relative to the parent) at which the children start; they see frame 0 there. May be
   * fractional or negative. @defaultValue 0
   */
  from?: number;
  /** How long the children are shown. @defaultValue Infinity */
  durationInFrames?: number;
  /** 'absolute-fill' wraps children in an AbsoluteFill; 'none' renders them as they are. @defaultValue 'absolute-fill' */
  layout?: 'absolute-fill' | 'none';
  /** Label of this sequence in the Studio timeline (also set as `data-sequence` on its layer). */
  name?: string;
  /** Whether the Studio timeline lists this sequence. It changes nothing in renders. @defaultValue true */
  showInTimeline?: boolean;
  /**
   * Mount the children this many frames before `from`, invisible and held at their frame 0, so
   * images, fonts and data they load are ready by their first visible frame. @defaultValue 0
   */
  premountFor?: number;
  /** Keep the children mounted, invisible and held at their last frame, this many frames after the end. @defaultValue 0 */
  postmountFor?: number;
  /** Hold the children at this frame (relative to the sequence's start), as `<Freeze>` does. */
  freeze?: number | null;
  /** Leave the sequence out (unmounted), as the Studio's eye toggle does. @defaultValue false */
  hidden?: boolean;
  style?: CSSProperties;
  /** Merged over the hidden style (`opacity: 0`) while pre-mounted, as in Remotion. */
  styleWhilePremounted?: CSSProperties;
  /** Merged over the hidden style (`opacity: 0`) while post-mounted, as in Remotion. */
  styleWhilePostmounted?: CSSProperties;
  className?: string;
  /**
   * What `useVideoConfig().width`/`height` say inside (the nearest sequence that sets one wins,
   * as in Remotion). The layer itself still fills its parent. @defaultValue the parent's
   */
  width?: number;
  height?: number;
  /** The sequence's layer element (none with `layout="none"`). */
  ref?: Ref<HTMLDivElement>;
}

const LAYOUTS: readonly string[] = ['absolute-fill', 'none'];

const HIDDEN: CSSProperties = { opacity: 0, pointerEvents: 'none' };
/**
 * A sequence's layer is an AbsoluteFill without its `flex-direction: column`: Remotion's
 * `<Sequence>` unsets it, so children that are not absolutely placed sit side by side (the
 * CSS default, row), and a ported template must lay out the same. A `style` or `className`
 * can still set a direction.
 */
const LAYER: CSSProperties = { flexDirection: undefined };

function checkFrames(name: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0)) throw new TypeError(`<Sequence> "${name}" must be an integer ≥ 0, got ${value}`);
}

function checkSize(name: string, value: number | undefined): void {
  if (value !== undefined && !(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new TypeError(`<Sequence> "${name}" must be a finite number > 0, got ${value}`);
  }
}

/** Shows its children for a span of time and shifts their frame numbers to start at 0. */
export function Sequence({
  children,
  from = 0,
  durationInFrames = Infinity,
  layout = 'absolute-fill',
  name,
  showInTimeline = true,
  premountFor = 0,
  freeze,
  hidden: leftOut = false,
  postmountFor = 0,
  style,
  styleWhilePremounted,
  styleWhilePostmounted,
  className,
  width,
  height,
  ref,
}: SequenceProps) {
  const parent = useContext(TimelineContext);
  if (!parent) throw new Error('<Sequence> must be rendered inside a Framewright template');
  // Any finite start, as in Remotion: `from={fps * 1.5}` at 25 fps is 37.5, and the children
  // then see fractional frames (frame 38 is their 0.5), which is what their animation expects.
  if (!(typeof from === 'number' && Number.isFinite(from))) throw new TypeError(`<Sequence> "from" must be a finite number, got ${from}`);
  if (!(durationInFrames > 0)) throw new TypeError(`<Sequence> "durationInFrames" must be > 0, got ${durationInFrames}`);
  // A typo ("absolute") would otherwise be drawn as an absolute fill without a word; Remotion refuses it.
  if (!LAYOUTS.includes(layout)) {
    throw new TypeError(`The layout prop of <Sequence /> expects either "absolute-fill" or "none", but you passed: ${String(layout)}`);
  }
  checkSize('width', width);
  checkSize('height', height);
  checkFrames('premountFor', premountFor);
  checkFrames('postmountFor', postmountFor);

  const start = parent.offset + from;
  // The Studio's timeline draws a bar per sequence; nothing listens during a render.
  useReportSequence({ key: useId(), name: name ?? 'Sequence', from: start, durationInFrames: Math.min(parent.end, start + durationInFrames) - start }, showInTimeline);
  const end = Math.min(parent.end, start + durationInFrames);
  const now = parent.absoluteFrame;
  const premounting = now < start && now >= start - premountFor;
  const postmounting = now >= end && now < end + postmountFor && Number.isFinite(end);
  // While pre- or post-mounted the children are held at their first or last frame.
  const seen = premounting ? start : postmounting ? end - 1 : now;
  const hidden = premounting || postmounting;
  const silent = hidden || parent.silent === true;
  const sizedWidth = width ?? parent.width;
  const sizedHeight = height ?? parent.height;
  const value = useMemo<TimelineState>(
    () => ({
      absoluteFrame: seen,
      offset: start,
      end,
      ...(silent ? { silent: true } : {}),
      ...(sizedWidth !== undefined ? { width: sizedWidth } : {}),
      ...(sizedHeight !== undefined ? { height: sizedHeight } : {}),
    }),
    [seen, start, end, silent, sizedWidth, sizedHeight],
  );
  if (leftOut) return null;
  if (!hidden && (now < start || now >= end)) return null;
  const held = freeze === undefined || freeze === null ? children : <Freeze frame={freeze}>{children}</Freeze>;
  const content = <TimelineContext.Provider value={value}>{held}</TimelineContext.Provider>;
  if (layout === 'none') return hidden ? <div style={{ display: 'none' }}>{content}</div> : content;
  return (
    <SequenceLayer ref={ref} name={name} className={className} style={hidden ? { ...style, ...HIDDEN, ...styleWhileMounted(premounting ? styleWhilePremounted : styleWhilePostmounted) } : style}>
      {content}
    </SequenceLayer>
  );
}

/**
 * A template's own style for the pre/post-mounted layer applies in the Player and Studio only:
 * Remotion does not premount at all while rendering, so nothing it styles there can show in a
 * render, and here the layer stays hidden in renders.
 */
function styleWhileMounted(style: CSSProperties | undefined): CSSProperties | undefined {
  return getEnvironment().mode === 'player' ? style : undefined;
}

/** The layer a sequence draws its children in (also a TransitionSeries scene's, inside its presentations). */
export function SequenceLayer({ name, className, style, children, ref }: Pick<SequenceProps, 'name' | 'className' | 'style' | 'children' | 'ref'>) {
  return (
    <AbsoluteFill ref={ref} data-sequence={name} className={className} style={{ ...LAYER, ...style }}>
      {children}
    </AbsoluteFill>
  );
}
