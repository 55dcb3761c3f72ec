/**
 * The page's record of which `<Audio>`/`<Video>` elements played at which frames. Elements
 * register while mounted; the driver records a snapshot after every frame is ready, and the
 * renderer takes the accumulated reports at the end.
 */
import type { MediaElementReport, MediaPlayback } from './media-types.ts';

export interface MediaSnapshot {
  playback: MediaPlayback;
  volume: number;
}

const mounted = new Map<string, () => MediaSnapshot>();
const reports = new Map<string, MediaElementReport>();

/** Registers a mounted element; returns the unregister function. */
export function registerMediaElement(key: string, snapshot: () => MediaSnapshot): () => void {
  mounted.set(key, snapshot);
  return () => {
    if (mounted.get(key) === snapshot) mounted.delete(key);
  };
}

/** Records every mounted element at `frame` (called once the frame is ready). */
export function recordMediaFrame(frame: number): void {
  for (const [key, snapshot] of mounted) {
    const { playback, volume } = snapshot();
    const id = JSON.stringify([key, playback]);
    let report = reports.get(id);
    if (!report) reports.set(id, (report = { ...playback, key, frames: [], volumes: [] }));
    report.frames.push(frame);
    report.volumes.push(volume);
  }
}

/** Everything recorded since the last call. */
export function takeMediaReports(): MediaElementReport[] {
  const out = [...reports.values()];
  reports.clear();
  return out;
}

/** The elements mounted now, with their playback at the current frame (the Player plays their sound). */
export function mountedMedia(): Array<MediaSnapshot & { key: string }> {
  return [...mounted].map(([key, snapshot]) => ({ key, ...snapshot() }));
}
