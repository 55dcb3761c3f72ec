/**
 * Where each scene, transition and overlay of a `<TransitionSeries>` falls in time. Pure, so the
 * timing rules are tested without a browser.
 */
import type { ReactNode } from 'react';
import { fade } from './presentations/fade.tsx';
import type { TransitionSeriesOverlayProps, TransitionSeriesSequenceProps, TransitionSeriesTransitionProps } from './TransitionSeries.tsx';
import type { TransitionPresentation, TransitionTiming } from './types.ts';

export type SeriesItem =
  | { kind: 'sequence'; index: number; props: TransitionSeriesSequenceProps & { children?: ReactNode } }
  | { kind: 'transition'; index: number; props: TransitionSeriesTransitionProps }
  | { kind: 'overlay'; index: number; props: TransitionSeriesOverlayProps };

export interface PlannedTransition {
  duration: number;
  timing: TransitionTiming;
  presentation: TransitionPresentation<object>;
}

export interface PlannedScene {
  index: number;
  /** First frame, relative to the series. */
  from: number;
  duration: number;
  props: TransitionSeriesSequenceProps & { children?: ReactNode };
  enter?: PlannedTransition;
  exit?: PlannedTransition;
}

export interface PlannedOverlay {
  index: number;
  from: number;
  duration: number;
  props: TransitionSeriesOverlayProps;
}

export interface SeriesPlan {
  scenes: PlannedScene[];
  overlays: PlannedOverlay[];
  /** Frames from the series start to the end of its last scene. */
  durationInFrames: number;
}

function fail(index: number, message: string): never {
  throw new TypeError(`<TransitionSeries> child #${index}: ${message}`);
}

function checkInt(index: number, name: string, value: number, min: number): void {
  if (!(Number.isInteger(value) && value >= min)) fail(index, `"${name}" must be an integer ≥ ${min}, got ${value}`);
}

export function planSeries(items: readonly SeriesItem[], fps: number): SeriesPlan {
  const scenes: PlannedScene[] = [];
  const overlays: PlannedOverlay[] = [];
  let cursor = 0;
  let previous: SeriesItem['kind'] | undefined;
  let pending: PlannedTransition | undefined;
  for (const item of items) {
    if (item.kind === 'sequence') {
      const { durationInFrames: duration, offset = 0 } = item.props;
      const last = item === items[items.length - 1];
      if (!(duration === Infinity && last)) checkInt(item.index, 'durationInFrames', duration, 1);
      checkInt(item.index, 'offset', offset, -Infinity);
      const before = scenes[scenes.length - 1];
      // A transition before the first scene is its entrance alone: nothing to overlap with.
      const overlap = pending && before ? pending.duration : 0;
      const scene: PlannedScene = { index: item.index, from: cursor + offset - overlap, duration, props: item.props };
      if (pending && !before) {
        if (pending.duration > duration) fail(item.index, `an entrance of ${pending.duration} frames is longer than its scene (${duration} frames)`);
        scene.enter = pending;
        pending = undefined;
      } else if (pending && before) {
        if (pending.duration > duration || pending.duration > before.duration) {
          fail(item.index, `a transition of ${pending.duration} frames is longer than a scene next to it (${before.duration} and ${duration} frames)`);
        }
        before.exit = pending;
        scene.enter = pending;
        pending = undefined;
      }
      if (scene.from < 0) fail(item.index, `the scene would start at frame ${scene.from}, before the series`);
      scenes.push(scene);
      cursor = scene.from + duration;
    } else if (item.kind === 'transition') {
      if (previous !== 'sequence' && previous !== undefined) {
        fail(item.index, `a transition cannot follow ${previous === 'overlay' ? 'an overlay' : 'another transition'}`);
      }
      const duration = item.props.timing.getDurationInFrames({ fps });
      checkInt(item.index, 'timing duration', duration, 1);
      pending = { duration, timing: item.props.timing, presentation: item.props.presentation ?? fade() };
    } else {
      if (previous !== 'sequence') fail(item.index, 'an overlay must come right after a <TransitionSeries.Sequence>');
      const { durationInFrames: duration, offset = 0 } = item.props;
      checkInt(item.index, 'durationInFrames', duration, 1);
      checkInt(item.index, 'offset', offset, -Infinity);
      const from = cursor - Math.floor(duration / 2) + offset;
      if (from < 0) fail(item.index, `the overlay would start at frame ${from}, before the series`);
      overlays.push({ index: item.index, from, duration, props: item.props });
    }
    previous = item.kind;
  }
  if (pending) {
    // A transition after the last scene is its exit alone.
    const last = scenes[scenes.length - 1];
    const index = items[items.length - 1]!.index;
    if (!last) fail(index, 'a transition needs a <TransitionSeries.Sequence> next to it');
    if (pending.duration > last.duration) fail(index, `an exit of ${pending.duration} frames is longer than its scene (${last.duration} frames)`);
    last.exit = pending;
  }
  return { scenes, overlays, durationInFrames: cursor };
}
