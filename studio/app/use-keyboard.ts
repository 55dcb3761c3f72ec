import { useEffect, useRef } from 'react';

export interface KeyActions {
  step(frames: number): void;
  toggle(): void;
  toStart(): void;
  toEnd(): void;
  fps: number;
}

/**
 * A field that uses these keys itself. Checkboxes and radios count: space ticks them and arrows
 * move between radios, so a boolean prop can be set from the keyboard without playing the video.
 */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'range', 'color'].includes(target.type);
}

/** ←/→ a frame (shift: a second), space play/pause, Home/End: not while typing in a field. */
export function useKeyboard(actions: KeyActions): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      const a = latest.current;
      const second = Math.max(1, Math.round(a.fps));
      if (e.key === 'ArrowLeft') a.step(e.shiftKey ? -second : -1);
      else if (e.key === 'ArrowRight') a.step(e.shiftKey ? second : 1);
      else if (e.key === ' ' || e.code === 'Space') a.toggle();
      else if (e.key === 'Home') a.toStart();
      else if (e.key === 'End') a.toEnd();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
