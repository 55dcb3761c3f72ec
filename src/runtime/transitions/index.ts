/**
 * Transitions between scenes, imported as `framewright/transitions` (presentations from
 * `framewright/transitions/fade`, `/slide`, `/wipe`, `/flip`, `/clock-wipe`, `/none`).
 */
export { TransitionSeries, useTransitionProgress } from './TransitionSeries.tsx';
export type {
  TransitionSeriesSequenceProps,
  TransitionSeriesTransitionProps,
  TransitionSeriesOverlayProps,
  TransitionProgress,
} from './TransitionSeries.tsx';
export { linearTiming, springTiming } from './timings.ts';
export type { LinearTimingOptions, SpringTimingOptions } from './timings.ts';
export type {
  TransitionPresentation,
  TransitionPresentationComponentProps,
  TransitionTiming,
  PresentationDirection,
  PresentationComponent,
} from './types.ts';
