/**
 * The page's record of which `<Audio>`/`<Video>` elements played at which frames. Elements
 * register while mounted; the driver records a snapshot after every frame is ready, and the
 * renderer takes the accumulated reports at the end.
 */
import { createContext } from 'react';
import type { MediaElementReport, MediaPlayback } from './media-types.ts';

export interface MediaSnapshot {
  playback: MediaPlayback;
  volume: number;
}

/** The `<Audio>`/`<Video>` elements mounted under one tree. */
export class MediaScope {
  private readonly mounted = new Map<string, () => MediaSnapshot>();

  /** Registers a mounted element; returns the unregister function. */
  register(key: string, snapshot: () => MediaSnapshot): () => void {
    this.mounted.set(key, snapshot);
    return () => {
      if (this.mounted.get(key) === snapshot) this.mounted.delete(key);
    };
  }

  /** The elements mounted now, with their playback at the current frame. */
  elements(): Array<MediaSnapshot & { key: string }> {
    return [...this.mounted].map(([key, snapshot]) => ({ key, ...snapshot() }));
  }
}

/**
 * A Player's own scope: several Players on one page each play the sound of their own template
 * only. Without one (a render: one template per page), elements register with the page's.
 */
export const MediaScopeContext = createContext<MediaScope | null>(null);

const pageScope = new MediaScope();
const reports = new Map<string, MediaElementReport>();

/** Registers a mounted element with `scope` (the page's by default); returns the unregister function. */
export function registerMediaElement(key: string, snapshot: () => MediaSnapshot, scope: MediaScope | null = null): () => void {
  return (scope ?? pageScope).register(key, snapshot);
}

/** Records every mounted element at `frame` (called once the frame is ready). */
export function recordMediaFrame(frame: number): void {
  for (const { key, playback, volume } of pageScope.elements()) {
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
