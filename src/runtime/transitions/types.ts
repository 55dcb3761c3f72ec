import type { ReactNode } from 'react';

export type PresentationDirection = 'entering' | 'exiting';

/** What a presentation component receives while a scene enters or leaves. */
export interface TransitionPresentationComponentProps<PresentationProps extends object = Record<string, unknown>> {
  /** The scene being moved in or out. */
  children: ReactNode;
  /** Whether this scene is the one coming in or the one going out. */
  presentationDirection: PresentationDirection;
  /** 0 at the start of the transition, 1 at its end (from the timing; springs may overshoot). */
  presentationProgress: number;
  /** Length of the transition in frames. */
  presentationDurationInFrames: number;
  /** The options the presentation was made with, e.g. `slide({direction})`'s. */
  passedProps: PresentationProps;
}

/**
 * A way to move from one scene to the next. Make your own by pairing a component that draws
 * one scene (entering or exiting) at a progress with the props it needs:
 * `{component: MyPresentation, props: {...}}`. Both scenes are drawn at once; the entering one
 * is on top. Outside its transition a scene stays wrapped in the component (entering at
 * progress 1, exiting at 0, so its children are not remounted): draw the scene unchanged there.
 */
export interface TransitionPresentation<PresentationProps extends object = Record<string, unknown>> {
  component: PresentationComponent<PresentationProps>;
  props: PresentationProps;
}

/**
 * A function component drawing one scene. Declared as a method so its props are checked
 * bivariantly: any presentation fits where `TransitionPresentation<object>` is expected (a
 * series mixing fade() and clockWipe()), while each one's component and props still match.
 */
export type PresentationComponent<PresentationProps extends object> = {
  draw(props: TransitionPresentationComponentProps<PresentationProps>): ReactNode;
}['draw'];

/** How long a transition lasts and how its progress moves from 0 to 1. */
export interface TransitionTiming {
  getDurationInFrames(args: { fps: number }): number;
  /** Progress at `frame` frames into the transition. */
  getProgress(args: { frame: number; fps: number }): number;
}
