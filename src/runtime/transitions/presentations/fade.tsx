import type { CSSProperties } from 'react';
import { AbsoluteFill } from '../../components/AbsoluteFill.tsx';
import type { TransitionPresentation, TransitionPresentationComponentProps } from '../types.ts';

export interface FadeProps {
  /** Extra style of the entering scene. */
  enterStyle?: CSSProperties;
  /** Extra style of the exiting scene. */
  exitStyle?: CSSProperties;
  /** Also fade the exiting scene out (it otherwise stays opaque under the entering one). @defaultValue false */
  shouldFadeOutExitingScene?: boolean;
}

/**
 * The entering scene fades in over the exiting one, which stays opaque (so halfway through each
 * shows at 50 %), unless `shouldFadeOutExitingScene`.
 */
function FadePresentation({ children, presentationDirection, presentationProgress, passedProps }: TransitionPresentationComponentProps<FadeProps>) {
  const entering = presentationDirection === 'entering';
  const opacity = entering ? presentationProgress : passedProps.shouldFadeOutExitingScene ? 1 - presentationProgress : 1;
  return <AbsoluteFill style={{ opacity, ...(entering ? passedProps.enterStyle : passedProps.exitStyle) }}>{children}</AbsoluteFill>;
}

export function fade(props: FadeProps = {}): TransitionPresentation<FadeProps> {
  return { component: FadePresentation, props };
}
