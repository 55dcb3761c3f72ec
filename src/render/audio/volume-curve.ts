/** A volume envelope: points (seconds from the segment start, gain), linear in between. */
export interface VolumePoint {
  t: number;
  v: number;
}

/**
 * Drops points that lie on the line through their neighbours, so a fade over 60 frames is two
 * points and a constant volume is one: the FFmpeg expression stays short.
 */
export function simplifyCurve(points: readonly VolumePoint[], tolerance = 1e-4): VolumePoint[] {
  if (points.length <= 2) {
    return points.length === 2 && Math.abs(points[0]!.v - points[1]!.v) <= tolerance ? [points[0]!] : [...points];
  }
  const out: VolumePoint[] = [points[0]!];
  for (let i = 1; i < points.length - 1; i++) {
    const a = out[out.length - 1]!;
    const b = points[i]!;
    const c = points[i + 1]!;
    const expected = a.v + ((c.v - a.v) * (b.t - a.t)) / (c.t - a.t);
    if (Math.abs(expected - b.v) > tolerance) out.push(b);
  }
  const last = points[points.length - 1]!;
  const prev = out[out.length - 1]!;
  if (out.length > 1 || Math.abs(prev.v - last.v) > tolerance) out.push(last);
  return out;
}

export function formatNumber(n: number): string {
  const s = n.toFixed(6).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

/**
 * The FFmpeg `volume` filter for a curve, or undefined when it is 1 throughout. The expression
 * is evaluated per audio frame (`eval=frame`, about 21 ms): linear ramps between the template's
 * frames, held after the last point.
 */
export function volumeFilter(points: readonly VolumePoint[]): string | undefined {
  const curve = simplifyCurve(points);
  if (curve.length === 0) return undefined;
  if (curve.length === 1) return curve[0]!.v === 1 ? undefined : `volume=${formatNumber(curve[0]!.v)}`;
  const terms: string[] = [];
  for (let i = 0; i < curve.length - 1; i++) {
    const a = curve[i]!;
    const b = curve[i + 1]!;
    const slope = (b.v - a.v) / (b.t - a.t);
    const value = slope === 0 ? formatNumber(a.v) : `(${formatNumber(a.v)}+(t-${formatNumber(a.t)})*${formatNumber(slope)})`;
    const from = i === 0 ? '' : `gte(t,${formatNumber(a.t)})*`;
    terms.push(`${from}lt(t,${formatNumber(b.t)})*${value}`);
  }
  const last = curve[curve.length - 1]!;
  terms.push(`gte(t,${formatNumber(last.t)})*${formatNumber(last.v)}`);
  return `volume='${terms.join('+')}':eval=frame`;
}
