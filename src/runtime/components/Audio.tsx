import { useMedia, type MediaProps } from '../media/use-media.ts';

export type AudioProps = MediaProps;

/**
 * Sound in a template. It draws nothing: the renderer records when it plays (placed in time by
 * the enclosing `<Sequence>`), its trim, rate, loop and volume at every frame, and mixes every
 * source into the output with FFmpeg.
 */
export function Audio(props: AudioProps) {
  useMedia('audio', props);
  return null;
}
