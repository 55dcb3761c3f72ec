import type { CSSProperties } from 'react';
import { AbsoluteFill } from '../../components/AbsoluteFill.tsx';
import type { TransitionPresentation, TransitionPresentationComponentProps } from '../types.ts';

export type WipeDirection =
  | 'from-left'
  | 'from-top-left'
  | 'from-top'
  | 'from-top-right'
  | 'from-right'
  | 'from-bottom-right'
  | 'from-bottom'
  | 'from-bottom-left';

export interface WipeProps {
  /** The side or corner the wipe starts from. @defaultValue 'from-left' */
  direction?: WipeDirection;
  outerEnterStyle?: CSSProperties;
  outerExitStyle?: CSSProperties;
  innerEnterStyle?: CSSProperties;
  innerExitStyle?: CSSProperties;
}

/** The way the wipe edge travels across the frame, in frame units (x right, y down). */
const TRAVEL: Record<WipeDirection, [number, number]> = {
  'from-left': [1, 0],
  'from-top-left': [1, 1],
  'from-top': [0, 1],
  'from-top-right': [-1, 1],
  'from-right': [-1, 0],
  'from-bottom-right': [-1, -1],
  'from-bottom': [0, -1],
  'from-bottom-left': [1, -1],
};

type Point = [number, number];
const SQUARE: Point[] = [[0, 0], [1, 0], [1, 1], [0, 1]];

/**
 * The part of the frame the edge has passed at progress p: the unit square cut by the line
 * perpendicular to the travel, p of the way from the first corner it touches to the last.
 */
export function wipedRegion(direction: WipeDirection, p: number): Point[] {
  const [dx, dy] = TRAVEL[direction];
  const along = ([x, y]: Point) => dx * x + dy * y;
  const values = SQUARE.map(along);
  const min = Math.min(...values);
  const limit = min + p * (Math.max(...values) - min);
  const out: Point[] = [];
  for (let i = 0; i < SQUARE.length; i++) {
    const a = SQUARE[i]!;
    const b = SQUARE[(i + 1) % SQUARE.length]!;
    const inA = along(a) <= limit;
    const inB = along(b) <= limit;
    if (inA) out.push(a);
    if (inA !== inB) {
      const t = (limit - along(a)) / (along(b) - along(a));
      out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
    }
  }
  return out;
}

function polygon(points: Point[]): string {
  if (points.length < 3) return 'polygon(0 0, 0 0, 0 0)';
  return `polygon(${points.map(([x, y]) => `${(x * 100).toFixed(4)}% ${(y * 100).toFixed(4)}%`).join(', ')})`;
}

/** The entering scene is revealed over the exiting one behind an edge sweeping across. */
function WipePresentation({ children, presentationDirection, presentationProgress: p, passedProps }: TransitionPresentationComponentProps<WipeProps>) {
  const entering = presentationDirection === 'entering';
  const clip = entering ? polygon(wipedRegion(passedProps.direction ?? 'from-left', Math.min(1, Math.max(0, p)))) : undefined;
  return (
    <AbsoluteFill style={entering ? passedProps.outerEnterStyle : passedProps.outerExitStyle}>
      <AbsoluteFill style={{ ...(clip ? { clipPath: clip } : {}), ...(entering ? passedProps.innerEnterStyle : passedProps.innerExitStyle) }}>{children}</AbsoluteFill>
    </AbsoluteFill>
  );
}

export function wipe(props: WipeProps = {}): TransitionPresentation<WipeProps> {
  if (props.direction !== undefined && !(props.direction in TRAVEL)) {
    throw new TypeError(`wipe(): "direction" must be one of ${Object.keys(TRAVEL).join(', ')}, got ${String(props.direction)}`);
  }
  return { component: WipePresentation, props };
}
