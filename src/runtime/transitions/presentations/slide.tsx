import type { CSSProperties } from 'react';
import { AbsoluteFill } from '../../components/AbsoluteFill.tsx';
import type { TransitionPresentation, TransitionPresentationComponentProps } from '../types.ts';

export type SlideDirection = 'from-left' | 'from-right' | 'from-top' | 'from-bottom';

export interface SlideProps {
  /** Where the entering scene comes from; the exiting one leaves the opposite way. @defaultValue 'from-left' */
  direction?: SlideDirection;
  enterStyle?: CSSProperties;
  exitStyle?: CSSProperties;
}

const AXIS: Record<SlideDirection, { axis: 'X' | 'Y'; sign: 1 | -1 }> = {
  'from-left': { axis: 'X', sign: -1 },
  'from-right': { axis: 'X', sign: 1 },
  'from-top': { axis: 'Y', sign: -1 },
  'from-bottom': { axis: 'Y', sign: 1 },
};

/** The entering scene pushes the exiting one out: at progress p the boundary has moved p of the frame. */
function SlidePresentation({ children, presentationDirection, presentationProgress: p, passedProps }: TransitionPresentationComponentProps<SlideProps>) {
  const direction = passedProps.direction ?? 'from-left';
  const { axis, sign } = AXIS[direction];
  const entering = presentationDirection === 'entering';
  // Entering: from one frame away (sign side) to 0; exiting: from 0 to one frame away, opposite side.
  const shift = entering ? sign * (1 - p) * 100 : -sign * p * 100;
  return (
    <AbsoluteFill style={{ transform: `translate${axis}(${shift}%)`, ...(entering ? passedProps.enterStyle : passedProps.exitStyle) }}>
      {children}
    </AbsoluteFill>
  );
}

export function slide(props: SlideProps = {}): TransitionPresentation<SlideProps> {
  if (props.direction !== undefined && !(props.direction in AXIS)) {
    throw new TypeError(`slide(): "direction" must be one of ${Object.keys(AXIS).join(', ')}, got ${String(props.direction)}`);
  }
  return { component: SlidePresentation, props };
}
