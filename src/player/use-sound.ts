import { useCallback, useMemo, useRef, useState } from 'react';
import type { PlayerEmitter } from './player-events.ts';

export interface SoundControls {
  mute(): void;
  unmute(): void;
  isMuted(): boolean;
  /** 0–1; a RangeError for anything else. */
  setVolume(volume: number): void;
  getVolume(): number;
}

/**
 * The Player's mute state and volume, readable at once through the handle (refs) and rendered
 * through state; each change fires `mutechange` / `volumechange`.
 */
export function useSound(emitter: PlayerEmitter, initiallyMuted: boolean): { muted: boolean; volume: number; controls: SoundControls } {
  const [muted, setMutedState] = useState(initiallyMuted);
  const [volume, setVolumeState] = useState(1);
  const current = useRef({ muted: initiallyMuted, volume: 1 });

  const setMuted = useCallback(
    (next: boolean) => {
      if (current.current.muted === next) return;
      current.current.muted = next;
      setMutedState(next);
      emitter.emit('mutechange', { isMuted: next });
    },
    [emitter],
  );

  const controls = useMemo<SoundControls>(
    () => ({
      mute: () => setMuted(true),
      unmute: () => setMuted(false),
      isMuted: () => current.current.muted,
      setVolume: (next: number) => {
        if (typeof next !== 'number' || !(next >= 0 && next <= 1)) throw new RangeError(`setVolume(volume): "volume" must be between 0 and 1, got ${String(next)}`);
        if (current.current.volume === next) return;
        current.current.volume = next;
        setVolumeState(next);
        emitter.emit('volumechange', { volume: next });
      },
      getVolume: () => current.current.volume,
    }),
    [emitter, setMuted],
  );
  return { muted, volume, controls };
}
