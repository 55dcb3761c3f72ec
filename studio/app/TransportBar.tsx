import { useEffect, useState } from 'react';
import { timecode } from './timecode.ts';

export type Zoom = 'fit' | number;

export interface TransportBarProps {
  frame: number;
  durationInFrames: number;
  fps: number;
  playing: boolean;
  loop: boolean;
  zoom: Zoom;
  onToggle(): void;
  onSeek(frame: number): void;
  onLoop(loop: boolean): void;
  onZoom(zoom: Zoom): void;
}

const ZOOMS: Zoom[] = ['fit', 0.25, 0.5, 1, 2];

/** Play/pause, steps, start/end, the frame number (editable), timecode, loop and zoom. */
export function TransportBar(p: TransportBarProps) {
  const [typed, setTyped] = useState(String(p.frame));
  useEffect(() => setTyped(String(p.frame)), [p.frame]);
  const last = p.durationInFrames - 1;
  return (
    <div className="transport" role="toolbar" aria-label="Playback">
      <button type="button" onClick={() => p.onSeek(0)} title="First frame (Home)" aria-label="First frame">|◀</button>
      <button type="button" onClick={() => p.onSeek(p.frame - 1)} title="Previous frame (←, shift: one second)" aria-label="Previous frame">◀</button>
      <button type="button" className="play" onClick={p.onToggle} title="Play / pause (space)" aria-label={p.playing ? 'Pause' : 'Play'}>
        {p.playing ? '❚❚' : '▶'}
      </button>
      <button type="button" onClick={() => p.onSeek(p.frame + 1)} title="Next frame (→, shift: one second)" aria-label="Next frame">▶</button>
      <button type="button" onClick={() => p.onSeek(last)} title="Last frame (End)" aria-label="Last frame">▶|</button>
      <form
        className="frame-input"
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(typed);
          if (typed.trim() === '' || !Number.isInteger(n)) return setTyped(String(p.frame));
          // Clamped here too: a seek that lands on the frame already shown fires no frameupdate,
          // and the box would keep the out-of-range number.
          const target = Math.min(Math.max(0, n), last);
          setTyped(String(target));
          p.onSeek(target);
        }}
      >
        <label>
          Frame <input aria-label="Frame" data-testid="frame-input" inputMode="numeric" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} onBlur={() => setTyped(String(p.frame))} size={5} />
        </label>
        <span className="frame-total">/ {last}</span>
      </form>
      <span className="timecode" data-testid="timecode">{timecode(p.frame, p.fps)}</span>
      <label className="loop">
        <input type="checkbox" checked={p.loop} onChange={(e) => p.onLoop(e.currentTarget.checked)} /> Loop
      </label>
      <label className="zoom">
        Zoom{' '}
        <select aria-label="Zoom" value={String(p.zoom)} onChange={(e) => p.onZoom(e.currentTarget.value === 'fit' ? 'fit' : Number(e.currentTarget.value))}>
          {ZOOMS.map((z) => (
            <option key={String(z)} value={String(z)}>{z === 'fit' ? 'Fit' : `${z * 100}%`}</option>
          ))}
        </select>
      </label>
    </div>
  );
}
