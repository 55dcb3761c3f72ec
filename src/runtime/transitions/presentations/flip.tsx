import type { CSSProperties } from 'react';
import { AbsoluteFill } from '../../components/AbsoluteFill.tsx';
import type { TransitionPresentation, TransitionPresentationComponentProps } from '../types.ts';

export type FlipDirection = 'from-left' | 'from-right' | 'from-top' | 'from-bottom';

export interface FlipProps {
  /** The side the entering scene turns in from. @defaultValue 'from-left' */
  direction?: FlipDirection;
  /** CSS perspective distance in px: smaller is more dramatic. @defaultValue 1000 */
  perspective?: number;
  outerEnterStyle?: CSSProperties;
  outerExitStyle?: CSSProperties;
  innerEnterStyle?: CSSProperties;
  innerExitStyle?: CSSProperties;
}

const TURN: Record<FlipDirection, { axis: 'X' | 'Y'; sign: 1 | -1 }> = {
  'from-left': { axis: 'Y', sign: 1 },
  'from-right': { axis: 'Y', sign: -1 },
  'from-top': { axis: 'X', sign: -1 },
  'from-bottom': { axis: 'X', sign: 1 },
};

/**
 * The frame turns over like a card: the exiting scene on its front (0° → 180°), the entering
 * one on its back (−180° → 0°); each hides its back face, so they swap at the halfway point.
 */
function FlipPresentation({ children, presentationDirection, presentationProgress: p, passedProps }: TransitionPresentationComponentProps<FlipProps>) {
  const { axis, sign } = TURN[passedProps.direction ?? 'from-left'];
  const entering = presentationDirection === 'entering';
  const degrees = sign * (entering ? -180 + 180 * p : 180 * p);
  return (
    <AbsoluteFill style={{ perspective: passedProps.perspective ?? 1000, ...(entering ? passedProps.outerEnterStyle : passedProps.outerExitStyle) }}>
      <AbsoluteFill
        style={{
          transform: `rotate${axis}(${degrees}deg)`,
          backfaceVisibility: 'hidden',
          WebkitBackfaceVisibility: 'hidden',
          ...(entering ? passedProps.innerEnterStyle : passedProps.innerExitStyle),
        }}
      >
        {children}
      </AbsoluteFill>
    </AbsoluteFill>
  );
}

export function flip(props: FlipProps = {}): TransitionPresentation<FlipProps> {
  if (props.direction !== undefined && !(props.direction in TURN)) {
    throw new TypeError(`flip(): "direction" must be one of ${Object.keys(TURN).join(', ')}, got ${String(props.direction)}`);
  }
  if (props.perspective !== undefined && !(props.perspective > 0)) throw new TypeError(`flip(): "perspective" must be > 0, got ${props.perspective}`);
  return { component: FlipPresentation, props };
}
