import type { MediaSession } from '../media/media-session.ts';
import type { MediaClip } from '../media/timeline.ts';
import { planAudioMix, type AudioMixPlan, type MixRange } from './mix-plan.ts';

/**
 * The mix for an output, or undefined when it gets no audio track: muted, or nothing audible
 * and no track required (`enforceAudioTrack`, or an audio-only format).
 */
export async function prepareAudioMix(a: {
  clips: readonly MediaClip[];
  session: MediaSession;
  range: MixRange;
  muted: boolean;
  requireTrack: boolean;
}): Promise<AudioMixPlan | undefined> {
  if (a.muted) return undefined;
  const audible = a.clips.filter((c) => !c.muted);
  const sources = await a.session.audioSources(audible.map((c) => c.src));
  const plan = planAudioMix(audible, a.range, sources);
  if (plan.segments.length === 0 && !a.requireTrack) return undefined;
  return plan;
}
