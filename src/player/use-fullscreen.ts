import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { PlayerEmitter } from './player-events.ts';

export interface FullscreenControls {
  /** Shows the Player fullscreen (the browser may require a user gesture). An Error when `allowFullscreen` is false. */
  requestFullscreen(): void;
  exitFullscreen(): void;
  isFullscreen(): boolean;
}

/** Fullscreen of the Player's box, with `fullscreenchange` fired whenever the box enters or leaves it. */
export function useFullscreen(
  container: RefObject<HTMLElement | null>,
  emitter: PlayerEmitter,
  allowFullscreen: boolean,
): { active: boolean; controls: FullscreenControls } {
  const allowed = useRef(allowFullscreen);
  allowed.current = allowFullscreen;
  // For the controls' button; the handle reads the document itself.
  const [active, setActive] = useState(false);

  useEffect(() => {
    let was = false;
    // The document's event: it fires for any element, and on leaving by Escape too.
    const onChange = () => {
      const is = document.fullscreenElement !== null && document.fullscreenElement === container.current;
      if (is === was) return;
      was = is;
      setActive(is);
      emitter.emit('fullscreenchange', { isFullscreen: is });
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [container, emitter]);

  const controls = useMemo<FullscreenControls>(
    () => ({
      requestFullscreen: () => {
        if (!allowed.current) throw new Error('requestFullscreen(): this <Player> has allowFullscreen={false}');
        const el = container.current;
        if (!el) throw new Error('requestFullscreen(): the <Player> is not mounted');
        // Refusals (no user gesture, an iframe without allow="fullscreen") are the browser's: it
        // fires no fullscreenchange, and isFullscreen() stays false.
        el.requestFullscreen().catch(() => undefined);
      },
      exitFullscreen: () => {
        if (document.fullscreenElement && document.fullscreenElement === container.current) document.exitFullscreen().catch(() => undefined);
      },
      isFullscreen: () => document.fullscreenElement !== null && document.fullscreenElement === container.current,
    }),
    [container],
  );
  return { active, controls };
}
