import { useMemo, useSyncExternalStore } from 'react';
import type { SequenceCollector, SequenceInfo } from '../../src/runtime/sequence-registry.ts';

/**
 * Collects the `<Sequence>`s a template renders, over every frame shown since the template (or
 * its bundle) changed: a sequence nested in one that is not on screen is learned when it is.
 */
export class SequenceTracker implements SequenceCollector {
  private readonly byKey = new Map<string, SequenceInfo>();
  private snapshot: SequenceInfo[] = [];
  private readonly listeners = new Set<() => void>();
  private scheduled = false;

  report(info: SequenceInfo): void {
    const id = `${info.name}|${info.from}|${info.durationInFrames}|${info.key}`;
    const before = this.byKey.get(info.key);
    if (before && `${before.name}|${before.from}|${before.durationInFrames}|${before.key}` === id) return;
    this.byKey.set(info.key, info);
    this.publish();
  }

  reset(): void {
    this.byKey.clear();
    this.publish();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SequenceInfo[] => this.snapshot;

  private publish(): void {
    // Reports arrive during a commit: tell the timeline after it, once.
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.snapshot = [...this.byKey.values()].sort((a, b) => a.from - b.from || b.durationInFrames - a.durationInFrames);
      for (const l of this.listeners) l();
    });
  }
}

export function useSequenceTracker(resetKey: unknown): [SequenceTracker, SequenceInfo[]] {
  const tracker = useMemo(() => new SequenceTracker(), []);
  // A new template or bundle: forget the old bars.
  useMemo(() => tracker.reset(), [tracker, resetKey]);
  const list = useSyncExternalStore(tracker.subscribe, tracker.getSnapshot);
  return [tracker, list];
}
