/** HH:MM:SS:FF of a frame at `fps` (frames within the second last). */
export function timecode(frame: number, fps: number): string {
  const perSecond = Math.round(fps);
  const seconds = Math.floor(frame / fps);
  const ff = frame - Math.round(seconds * fps);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}:${pad(Math.min(ff, perSecond - 1))}`;
}
