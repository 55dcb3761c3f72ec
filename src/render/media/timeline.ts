import type { MediaElementReport, MediaPlayback } from '../../runtime/media/media-types.ts';

/** One contiguous stretch of frames during which a media element played with fixed settings. */
export interface MediaClip extends MediaPlayback {
  key: string;
  /** First absolute frame (inclusive). */
  from: number;
  /** Last absolute frame (exclusive). */
  to: number;
  /** Volume at each frame of [from, to). */
  volumes: number[];
}

function playbackKey(r: MediaElementReport): string {
  return JSON.stringify([r.key, r.kind, r.src, r.offset, r.trimStart, r.trimEnd, r.playbackRate, r.loop, r.muted]);
}

/**
 * Merges what every page saw into clips. Pages render interleaved frames, so one element's frames
 * arrive split across reports; an element that unmounts and comes back, or changes its settings,
 * becomes separate clips (each knows its own source position, so nothing shifts).
 */
export function mergeMediaReports(reports: Iterable<readonly MediaElementReport[]>): MediaClip[] {
  const byElement = new Map<string, { playback: MediaElementReport; volumes: Map<number, number> }>();
  for (const report of reports) {
    for (const element of report) {
      const key = playbackKey(element);
      let entry = byElement.get(key);
      if (!entry) byElement.set(key, (entry = { playback: element, volumes: new Map() }));
      element.frames.forEach((frame, i) => entry.volumes.set(frame, element.volumes[i] ?? 1));
    }
  }
  const clips: MediaClip[] = [];
  for (const { playback, volumes } of byElement.values()) {
    const { frames: _f, volumes: _v, ...settings } = playback;
    const frames = [...volumes.keys()].sort((a, b) => a - b);
    let start = 0;
    for (let i = 1; i <= frames.length; i++) {
      if (i < frames.length && frames[i] === frames[i - 1]! + 1) continue;
      const run = frames.slice(start, i);
      clips.push({ ...settings, from: run[0]!, to: run[run.length - 1]! + 1, volumes: run.map((f) => volumes.get(f)!) });
      start = i;
    }
  }
  return clips.sort((a, b) => a.from - b.from || a.key.localeCompare(b.key));
}
