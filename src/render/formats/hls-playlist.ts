/** HLS playlists: reading media playlists and writing the master playlist (RFC 8216). */
import { readFile, writeFile } from 'node:fs/promises';

export interface PlaylistSegment {
  uri: string;
  duration: number;
}

/** The segments of a media playlist with their EXTINF durations. */
export function parseMediaPlaylist(text: string): PlaylistSegment[] {
  const segments: PlaylistSegment[] = [];
  let pending: number | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const inf = /^#EXTINF:([\d.]+)/.exec(line);
    if (inf) pending = Number(inf[1]);
    else if (line && !line.startsWith('#') && pending !== undefined) {
      segments.push({ uri: line, duration: pending });
      pending = undefined;
    }
  }
  return segments;
}

/**
 * The media playlist with `EXT-X-TARGETDURATION` raised to the longest segment, rounded up.
 * FFmpeg writes the rounded-to-nearest value: a 29.97 fps stream's 6.006 s segments got a target
 * of 6, under every full segment, which strict players and Apple's validator reject.
 */
export function withTargetDuration(text: string): string {
  const longest = Math.max(0, ...parseMediaPlaylist(text).map((s) => s.duration));
  return text.replace(/^#EXT-X-TARGETDURATION:(\d+)\s*$/m, (line, stated: string) => {
    const target = Math.max(Number(stated), Math.ceil(longest));
    return `#EXT-X-TARGETDURATION:${target}`;
  });
}

/** Rewrites a media playlist file with withTargetDuration; returns its segments. */
export async function fixTargetDuration(file: string): Promise<PlaylistSegment[]> {
  const text = await readFile(file, 'utf8');
  const fixed = withTargetDuration(text);
  if (fixed !== text) await writeFile(file, fixed);
  return parseMediaPlaylist(fixed);
}

export interface VariantStream {
  /** Path of the media playlist, relative to the master. */
  uri: string;
  width: number;
  height: number;
  fps: number;
  /** Peak segment bitrate, bit/s (BANDWIDTH). */
  bandwidth: number;
  /** Mean bitrate over the whole stream, bit/s (AVERAGE-BANDWIDTH). */
  averageBandwidth: number;
  /** RFC 6381 codec strings, e.g. `avc1.640028,mp4a.40.2`. */
  codecs: string;
}

/** Peak and average bitrate of a rendition from its segments' durations and sizes. */
export function measureBandwidth(segments: ReadonlyArray<PlaylistSegment & { bytes: number }>): { bandwidth: number; averageBandwidth: number } {
  let peak = 0;
  let bytes = 0;
  let seconds = 0;
  for (const s of segments) {
    if (s.duration <= 0) continue;
    peak = Math.max(peak, (s.bytes * 8) / s.duration);
    bytes += s.bytes;
    seconds += s.duration;
  }
  return { bandwidth: Math.ceil(peak), averageBandwidth: seconds > 0 ? Math.ceil((bytes * 8) / seconds) : 0 };
}

const PROFILE_IDC: Readonly<Record<string, string>> = {
  baseline: '42', 'constrained baseline': '42', main: '4d', extended: '58', high: '64', 'high 10': '6e', 'high 4:2:2': '7a', 'high 4:4:4 predictive': 'f4',
};

/** `avc1.PPCCLL` from ffprobe's profile name and level (e.g. High, 40 → avc1.640028). */
export function avcCodecString(profile: string, level: number): string {
  const p = PROFILE_IDC[profile.toLowerCase()] ?? '64';
  const constraints = profile.toLowerCase() === 'constrained baseline' ? 'e0' : '00';
  return `avc1.${p}${constraints}${level.toString(16).padStart(2, '0')}`;
}

/** The master playlist: every rendition, tallest first, so players start high and adapt. */
export function buildMasterPlaylist(variants: readonly VariantStream[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of [...variants].sort((a, b) => b.height - a.height)) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${v.bandwidth},AVERAGE-BANDWIDTH=${v.averageBandwidth},RESOLUTION=${v.width}x${v.height},FRAME-RATE=${v.fps.toFixed(3)},CODECS="${v.codecs}"`,
      v.uri,
    );
  }
  return `${lines.join('\n')}\n`;
}
