import { createContext, useContext } from 'react';
import { VideoConfigContext } from './timeline.ts';

/**
 * How much the video is scaled where it is shown. Renders draw at 1 (the `scale` option zooms
 * the capture, not the page); the Player and Studio provide the size they display at.
 */
export const CurrentScaleContext = createContext<number>(1);

export interface UseCurrentScaleOptions {
  /** Return 1 instead of throwing when called outside a template. @defaultValue false */
  dontThrowIfOutsideOfRemotion?: boolean;
}

/** The scale factor the video is displayed at: 1 in renders, the preview's zoom in the Player. */
export function useCurrentScale(options: UseCurrentScaleOptions = {}): number {
  const config = useContext(VideoConfigContext);
  const scale = useContext(CurrentScaleContext);
  if (!config && !options.dontThrowIfOutsideOfRemotion) {
    throw new Error('useCurrentScale() was called outside a Framewright template. Pass { dontThrowIfOutsideOfRemotion: true } to get 1 there.');
  }
  return scale;
}
