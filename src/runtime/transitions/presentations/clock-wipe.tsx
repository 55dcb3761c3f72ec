import type { CSSProperties } from 'react';
import { AbsoluteFill } from '../../components/AbsoluteFill.tsx';
import type { TransitionPresentation, TransitionPresentationComponentProps } from '../types.ts';

export interface ClockWipeProps {
  /** Width of the video in px (the sweep is drawn in pixels so it stays round). */
  width: number;
  /** Height of the video in px. */
  height: number;
  outerEnterStyle?: CSSProperties;
  outerExitStyle?: CSSProperties;
  innerEnterStyle?: CSSProperties;
  innerExitStyle?: CSSProperties;
}

type Point = [number, number];

/** Where a ray from the centre at `angle` (clockwise from 12 o'clock) leaves a w×h frame. */
function edgePoint(angle: number, w: number, h: number): Point {
  const dx = Math.sin(angle);
  const dy = -Math.cos(angle);
  const t = Math.min(dx === 0 ? Infinity : w / 2 / Math.abs(dx), dy === 0 ? Infinity : h / 2 / Math.abs(dy));
  return [w / 2 + dx * t, h / 2 + dy * t];
}

/** The sector swept clockwise from 12 o'clock to p of a full turn, clipped to the frame. */
export function sweptSector(p: number, w: number, h: number): Point[] {
  const end = Math.min(1, Math.max(0, p)) * 2 * Math.PI;
  const points: Point[] = [[w / 2, h / 2], edgePoint(0, w, h)];
  // Frame corners in clockwise order, with their angle from 12 o'clock.
  const corners: Point[] = [[w, 0], [w, h], [0, h], [0, 0]];
  for (const c of corners) {
    let angle = Math.atan2(c[0] - w / 2, -(c[1] - h / 2));
    if (angle < 0) angle += 2 * Math.PI;
    if (angle < end) points.push(c);
  }
  points.push(edgePoint(end, w, h));
  return points;
}

/** The entering scene is revealed by a hand sweeping clockwise from 12 o'clock. */
function ClockWipePresentation({ children, presentationDirection, presentationProgress: p, passedProps }: TransitionPresentationComponentProps<ClockWipeProps>) {
  const entering = presentationDirection === 'entering';
  const clip = entering
    ? `polygon(${sweptSector(p, passedProps.width, passedProps.height).map(([x, y]) => `${x.toFixed(3)}px ${y.toFixed(3)}px`).join(', ')})`
    : undefined;
  return (
    <AbsoluteFill style={entering ? passedProps.outerEnterStyle : passedProps.outerExitStyle}>
      <AbsoluteFill style={{ ...(clip ? { clipPath: clip } : {}), ...(entering ? passedProps.innerEnterStyle : passedProps.innerExitStyle) }}>{children}</AbsoluteFill>
    </AbsoluteFill>
  );
}

export function clockWipe(props: ClockWipeProps): TransitionPresentation<ClockWipeProps> {
  for (const key of ['width', 'height'] as const) {
    if (!(Number.isFinite(props?.[key]) && props[key] > 0)) throw new TypeError(`clockWipe(): "${key}" must be > 0 (the video's size in px), got ${props?.[key]}`);
  }
  return { component: ClockWipePresentation, props };
}
