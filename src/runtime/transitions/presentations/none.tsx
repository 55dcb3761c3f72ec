import type { CSSProperties } from 'react';
import { AbsoluteFill } from '../../components/AbsoluteFill.tsx';
import type { TransitionPresentation, TransitionPresentationComponentProps } from '../types.ts';

export interface NoneProps {
  enterStyle?: CSSProperties;
  exitStyle?: CSSProperties;
}

/** Both scenes drawn as they are, the entering one on top: an overlap without an effect. */
function NonePresentation({ children, presentationDirection, passedProps }: TransitionPresentationComponentProps<NoneProps>) {
  return <AbsoluteFill style={presentationDirection === 'entering' ? passedProps.enterStyle : passedProps.exitStyle}>{children}</AbsoluteFill>;
}

export function none(props: NoneProps = {}): TransitionPresentation<NoneProps> {
  return { component: NonePresentation, props };
}
