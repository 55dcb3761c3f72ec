import { useRef, type PointerEvent } from 'react';
import type { SequenceInfo } from '../../src/runtime/sequence-registry.ts';

export interface TimelineProps {
  frame: number;
  durationInFrames: number;
  sequences: SequenceInfo[];
  onSeek(frame: number): void;
}

/** The scrubber and the template's `<Sequence>`s as named bars, in the video's time. */
export function Timeline({ frame, durationInFrames, sequences, onSeek }: TimelineProps) {
  const track = useRef<HTMLDivElement>(null);
  const last = Math.max(1, durationInFrames - 1);
  const percent = (f: number) => `${(Math.min(f, durationInFrames) / durationInFrames) * 100}%`;

  // Overlapping bars go on separate rows.
  const rowEnds: number[] = [];
  const placed = sequences.map((s) => {
    let row = rowEnds.findIndex((end) => end <= s.from);
    if (row < 0) row = rowEnds.push(0) - 1;
    rowEnds[row] = s.from + s.durationInFrames;
    return { s, row };
  });

  const seekAt = (event: PointerEvent<HTMLDivElement>) => {
    const rect = track.current!.getBoundingClientRect();
    const x = Math.min(Math.max(0, event.clientX - rect.left), rect.width);
    // Frame f spans [f/D, (f+1)/D) of the track, as the bars do.
    onSeek(Math.min(last, Math.floor((x / rect.width) * durationInFrames)));
  };

  return (
    <section className="timeline" aria-label="Timeline">
      <div
        ref={track}
        className="timeline-track"
        style={{ height: 30 + Math.max(1, rowEnds.length) * 24 }}
        data-testid="scrubber"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          seekAt(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons & 1) seekAt(e);
        }}
      >
        <div className="timeline-ruler" />
        {placed.map(({ s, row }) => (
          <div
            key={s.key}
            className="timeline-bar"
            data-sequence-name={s.name}
            title={`${s.name}: frames ${s.from}–${s.from + s.durationInFrames - 1}`}
            style={{ top: 22 + row * 24, left: percent(s.from), width: percent(Math.min(s.durationInFrames, durationInFrames - s.from)) }}
          >
            {s.name}
          </div>
        ))}
        <div className="timeline-playhead" style={{ left: percent(frame) }} />
      </div>
    </section>
  );
}
