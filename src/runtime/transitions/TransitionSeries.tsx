import { createContext, isValidElement, useContext, type CSSProperties, type ReactElement, type ReactNode } from 'react';
import { flattenSeriesChildren } from '../components/flatten-children.ts';
import { Sequence, SequenceLayer, type SequenceProps } from '../components/Sequence.tsx';
import { useCurrentFrame, useVideoConfig } from '../timeline.ts';
import { planSeries, type PlannedScene, type SeriesItem } from './plan-series.ts';
import type { TransitionPresentation, TransitionTiming } from './types.ts';

export interface TransitionSeriesSequenceProps extends Omit<SequenceProps, 'from' | 'durationInFrames'> {
  durationInFrames: number;
  /** Shift this scene against the end of the previous one (negative overlaps). @defaultValue 0 */
  offset?: number;
}

export interface TransitionSeriesTransitionProps {
  /** How long it lasts and how progress moves. */
  timing: TransitionTiming;
  /** How the scenes move: any presentation, whatever its options. @defaultValue fade() */
  presentation?: TransitionPresentation<object>;
}

export interface TransitionSeriesOverlayProps {
  children?: ReactNode;
  durationInFrames: number;
  /** Frames to move the overlay from being centred on the cut. @defaultValue 0 */
  offset?: number;
  name?: string;
  style?: CSSProperties;
}

export interface TransitionProgress {
  /** Progress of this scene's entrance: 1 when it is not entering. */
  entering: number;
  /** Progress of this scene's exit: 0 when it is not exiting. */
  exiting: number;
  isInTransitionSeries: boolean;
}

const ProgressContext = createContext<TransitionProgress>({ entering: 1, exiting: 0, isInTransitionSeries: false });

/** Inside a `<TransitionSeries.Sequence>`: how far its entering and exiting transitions are. */
export function useTransitionProgress(): TransitionProgress {
  return useContext(ProgressContext);
}

function misplaced(name: string): () => ReactElement {
  return () => {
    throw new Error(`<TransitionSeries.${name}> must be a direct child of <TransitionSeries>`);
  };
}
const SeriesSequence = misplaced('Sequence') as unknown as (props: TransitionSeriesSequenceProps) => ReactElement;
const SeriesTransition = misplaced('Transition') as unknown as (props: TransitionSeriesTransitionProps) => ReactElement;
const SeriesOverlay = misplaced('Overlay') as unknown as (props: TransitionSeriesOverlayProps) => ReactElement;

/** The children with fragments opened (series are often built with `.map()` into fragments). */
function itemsOf(children: ReactNode): SeriesItem[] {
  return flattenSeriesChildren(children).map((child, index) => {
    if (isValidElement(child)) {
      if (child.type === SeriesSequence) return { kind: 'sequence', index, props: child.props as TransitionSeriesSequenceProps };
      if (child.type === SeriesTransition) return { kind: 'transition', index, props: child.props as TransitionSeriesTransitionProps };
      if (child.type === SeriesOverlay) return { kind: 'overlay', index, props: child.props as TransitionSeriesOverlayProps };
    }
    throw new TypeError('<TransitionSeries> children must be <TransitionSeries.Sequence>, .Transition or .Overlay elements');
  });
}

/**
 * One scene at the current frame (inside its own Sequence, so frame 0 is its start), wrapped in
 * the presentations of the transitions it takes part in. Outside a transition the wrappers stay,
 * at progress 1 (entered) or 0 (not yet exiting), so the scene's children are never remounted
 * when a transition starts or ends: their state, images and media carry on.
 */
function Scene({ scene }: { scene: PlannedScene }) {
  const local = useCurrentFrame();
  const { fps } = useVideoConfig();
  const { children, layout, name, className, style } = scene.props;
  // The scene's own layer (its style, class, row layout) sits inside the presentations, as in
  // Remotion: a scene's background fades or slides with the scene.
  let content: ReactNode = layout === 'none' ? children : <SequenceLayer name={name} className={className} style={style}>{children}</SequenceLayer>;
  const inEnter = scene.enter !== undefined && local < scene.enter.duration;
  const entering = scene.enter && inEnter ? scene.enter.timing.getProgress({ frame: local, fps }) : 1;
  if (scene.enter) {
    const P = scene.enter.presentation;
    content = (
      <P.component presentationDirection="entering" presentationProgress={entering} presentationDurationInFrames={scene.enter.duration} passedProps={P.props}>
        {content}
      </P.component>
    );
  }
  const exitStart = scene.duration - (scene.exit?.duration ?? 0);
  const exiting = scene.exit && local >= exitStart ? scene.exit.timing.getProgress({ frame: local - exitStart, fps }) : 0;
  if (scene.exit) {
    const P = scene.exit.presentation;
    content = (
      <P.component presentationDirection="exiting" presentationProgress={exiting} presentationDurationInFrames={scene.exit.duration} passedProps={P.props}>
        {content}
      </P.component>
    );
  }
  return <ProgressContext.Provider value={{ entering, exiting, isInTransitionSeries: true }}>{content}</ProgressContext.Provider>;
}

/**
 * Scenes one after another, with transitions between them: a transition overlaps the end of
 * one scene with the start of the next (the series gets shorter by its length) and draws both
 * through its presentation. Overlays are drawn over a cut without changing the timing.
 */
export function TransitionSeries({ children, ...sequenceProps }: Omit<SequenceProps, 'children'> & { children?: ReactNode }) {
  const { fps } = useVideoConfig();
  const plan = planSeries(itemsOf(children), fps);
  return (
    // Named, so the Studio's timeline shows the series as such rather than as a plain "Sequence".
    <Sequence {...sequenceProps} name={sequenceProps.name ?? 'TransitionSeries'}>
      {plan.scenes.map((scene) => {
        // Timing only: the layer is drawn by the Scene, inside the presentations.
        const { durationInFrames: _d, offset: _o, children: _c, layout: _l, className: _cn, style: _s, ...rest } = scene.props;
        return (
          <Sequence key={`s${scene.index}`} {...rest} layout="none" from={scene.from} durationInFrames={scene.duration}>
            <Scene scene={scene} />
          </Sequence>
        );
      })}
      {plan.overlays.map((overlay) => (
        <Sequence key={`o${overlay.index}`} from={overlay.from} durationInFrames={overlay.duration} {...(overlay.props.name ? { name: overlay.props.name } : {})} {...(overlay.props.style ? { style: overlay.props.style } : {})}>
          {overlay.props.children}
        </Sequence>
      ))}
    </Sequence>
  );
}

TransitionSeries.Sequence = SeriesSequence;
TransitionSeries.Transition = SeriesTransition;
TransitionSeries.Overlay = SeriesOverlay;
