import type { CSSProperties } from 'react';

export interface PlayerControlsProps {
  frame: number;
  durationInFrames: number;
  fps: number;
  playing: boolean;
  muted: boolean;
  onToggle(): void;
  onSeek(frame: number): void;
  onToggleMute(): void;
  /** Absent when `showVolumeControls` is false: no slider then. */
  volume?: { value: number; onChange(volume: number): void };
  /** Absent when `allowFullscreen` is false: no button then. */
  fullscreen?: { active: boolean; onToggle(): void };
}

const bar: CSSProperties = {
  position: 'absolute', left: 0, right: 0, bottom: 0, display: 'flex', alignItems: 'center', gap: 8, padding: '6px 10px',
  background: 'linear-gradient(transparent, rgba(0,0,0,0.6))', color: 'white', font: '12px system-ui, sans-serif', zIndex: 1,
};
const button: CSSProperties = { background: 'none', border: 'none', color: 'white', cursor: 'pointer', font: 'inherit', padding: 2 };

/** m:ss of a frame number. */
export function formatTime(frame: number, fps: number): string {
  const seconds = Math.floor(frame / fps);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The built-in controls (`controls` prop): play/pause, a seek bar, time, mute, volume and fullscreen. */
export function PlayerControls(p: PlayerControlsProps) {
  return (
    <div style={bar} data-framewright-controls="">
      <button type="button" style={button} onClick={p.onToggle} aria-label={p.playing ? 'Pause' : 'Play'}>
        {p.playing ? '❚❚' : '▶'}
      </button>
      <input
        type="range"
        aria-label="Seek"
        min={0}
        max={Math.max(0, p.durationInFrames - 1)}
        value={p.frame}
        onChange={(e) => p.onSeek(Number(e.currentTarget.value))}
        style={{ flex: 1, minWidth: 0 }}
      />
      {/* On one line: in a narrow player the seek bar gives way, the bar does not grow over the video. */}
      <span style={{ whiteSpace: 'nowrap', flex: 'none' }}>
        {formatTime(p.frame, p.fps)} / {formatTime(p.durationInFrames, p.fps)}
      </span>
      <button type="button" style={button} onClick={p.onToggleMute} aria-label={p.muted ? 'Unmute' : 'Mute'}>
        {p.muted ? '🔇' : '🔊'}
      </button>
      {p.volume && (
        <input
          type="range"
          aria-label="Volume"
          min={0}
          max={1}
          step={0.05}
          value={p.muted ? 0 : p.volume.value}
          onChange={(e) => p.volume!.onChange(Number(e.currentTarget.value))}
          style={{ width: 60, flex: 'none' }}
        />
      )}
      {p.fullscreen && (
        <button type="button" style={button} onClick={p.fullscreen.onToggle} aria-label={p.fullscreen.active ? 'Exit fullscreen' : 'Fullscreen'}>
          {p.fullscreen.active ? '🗗' : '⛶'}
        </button>
      )}
    </div>
  );
}
