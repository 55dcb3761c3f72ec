/**
 * The output formats: one row each, read by option resolution, the encoders and the docs.
 * Adding a format starts here.
 */
export const OUTPUT_FORMATS = ['mp4', 'mp4-h265', 'webm', 'mov', 'gif', 'png-seq', 'mp3', 'aac', 'wav', 'hls'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type FormatKind =
  /** One video file, optionally with an audio track. */
  | 'video'
  /** An animated GIF (palette made from all frames; no audio). */
  | 'gif'
  /** A zip of numbered PNG frames (no audio). */
  | 'image-sequence'
  /** Audio only: the template is scanned for its media, no frame is captured. */
  | 'audio'
  /** A folder with a rendition ladder, per-rendition playlists and a master playlist. */
  | 'hls';

import type { ColorRange } from '../encode/color.ts';

export type VideoCodec = 'h264' | 'h265' | 'vp9' | 'prores';
export type AudioCodec = 'aac' | 'opus' | 'mp3' | 'pcm';

export interface FormatProfile {
  id: OutputFormat;
  kind: FormatKind;
  /** File extension of the output (HLS: of the master playlist inside the folder). */
  extension: string;
  contentType: string;
  /** Image format of captured frames: JPEG is fastest, PNG keeps alpha and exact pixels. */
  capture: 'jpeg' | 'png' | 'none';
  videoCodec?: VideoCodec;
  audioCodec?: AudioCodec;
  /** Constant-quality scale of the video codec, when it has one. */
  crf?: { min: number; max: number; default: number };
  /** Accepted pixel formats; the first is the default. */
  pixelFormats: readonly string[];
  /** Whether `preset` changes anything. */
  usesPreset: boolean;
  /** The `preset` used when none is given. */
  defaultPreset?: string;
  defaultAudioBitrate?: string;
  /** YUV range when `colorRange` is not given; absent: the format has no YUV (or only limited). */
  defaultColorRange?: ColorRange;
  summary: string;
  /** FFmpeg muxer (`-f`) of the output. */
  muxer: string;
  /** Whether segments rendered apart (chunks of a split render) join by stream copy into this format. */
  chunkable: boolean;
  /**
   * The single file that stands for the output when it is stored or served: the output itself, or
   * for HLS the zip of its folder. `archive`: a zip that ffprobe cannot read (described from the render).
   */
  stored: { extension: string; contentType: string; archive: boolean };
  /** Container of a separately mixed audio track that is muxed into this format as it is. */
  audioTrackExtension?: string;
}

const X26X_PIXEL_FORMATS = ['yuv420p', 'yuv422p', 'yuv444p'] as const;

export const FORMATS: Readonly<Record<OutputFormat, FormatProfile>> = {
  mp4: {
    id: 'mp4', kind: 'video', extension: '.mp4', contentType: 'video/mp4', capture: 'jpeg', videoCodec: 'h264', audioCodec: 'aac',
    crf: { min: 0, max: 51, default: 18 }, pixelFormats: X26X_PIXEL_FORMATS, usesPreset: true, defaultPreset: 'medium', defaultAudioBitrate: '192k',
    defaultColorRange: 'full', summary: 'H.264 + AAC in MP4 (plays everywhere)',
    muxer: 'mp4', chunkable: true, stored: { extension: '.mp4', contentType: 'video/mp4', archive: false }, audioTrackExtension: '.m4a',
  },
  'mp4-h265': {
    id: 'mp4-h265', kind: 'video', extension: '.mp4', contentType: 'video/mp4', capture: 'jpeg', videoCodec: 'h265', audioCodec: 'aac',
    crf: { min: 0, max: 51, default: 23 }, pixelFormats: X26X_PIXEL_FORMATS, usesPreset: true, defaultPreset: 'medium', defaultAudioBitrate: '192k',
    defaultColorRange: 'full', summary: 'H.265/HEVC + AAC in MP4 (about half the size of H.264 at the same quality)',
    muxer: 'mp4', chunkable: true, stored: { extension: '.mp4', contentType: 'video/mp4', archive: false }, audioTrackExtension: '.m4a',
  },
  webm: {
    id: 'webm', kind: 'video', extension: '.webm', contentType: 'video/webm', capture: 'jpeg', videoCodec: 'vp9', audioCodec: 'opus',
    crf: { min: 0, max: 63, default: 32 }, pixelFormats: ['yuv420p', 'yuv444p', 'yuva420p'], usesPreset: true, defaultPreset: 'medium', defaultAudioBitrate: '128k',
    defaultColorRange: 'full', summary: 'VP9 + Opus in WebM',
    muxer: 'webm', chunkable: true, stored: { extension: '.webm', contentType: 'video/webm', archive: false }, audioTrackExtension: '.webm',
  },
  mov: {
    id: 'mov', kind: 'video', extension: '.mov', contentType: 'video/quicktime', capture: 'png', videoCodec: 'prores', audioCodec: 'aac',
    pixelFormats: ['yuva444p10le', 'yuv422p10le'], usesPreset: false, defaultAudioBitrate: '192k',
    summary: 'ProRes (4444 with alpha by default) + AAC in QuickTime, for editing',
    muxer: 'mov', chunkable: true, stored: { extension: '.mov', contentType: 'video/quicktime', archive: false }, audioTrackExtension: '.m4a',
  },
  gif: {
    id: 'gif', kind: 'gif', extension: '.gif', contentType: 'image/gif', capture: 'png', pixelFormats: ['pal8'], usesPreset: false,
    summary: 'Animated GIF with a palette made from all frames',
    muxer: 'gif', chunkable: false, stored: { extension: '.gif', contentType: 'image/gif', archive: false },
  },
  'png-seq': {
    id: 'png-seq', kind: 'image-sequence', extension: '.zip', contentType: 'application/zip', capture: 'png', pixelFormats: ['rgba'],
    usesPreset: false, summary: 'A zip of numbered PNG frames (with alpha for transparent templates)',
    muxer: 'zip', chunkable: false, stored: { extension: '.zip', contentType: 'application/zip', archive: true },
  },
  mp3: {
    id: 'mp3', kind: 'audio', extension: '.mp3', contentType: 'audio/mpeg', capture: 'none', audioCodec: 'mp3', pixelFormats: [],
    usesPreset: false, defaultAudioBitrate: '192k', summary: 'Audio only, MP3',
    muxer: 'mp3', chunkable: false, stored: { extension: '.mp3', contentType: 'audio/mpeg', archive: false },
  },
  aac: {
    id: 'aac', kind: 'audio', extension: '.aac', contentType: 'audio/aac', capture: 'none', audioCodec: 'aac', pixelFormats: [],
    usesPreset: false, defaultAudioBitrate: '192k', summary: 'Audio only, AAC (ADTS stream)',
    muxer: 'adts', chunkable: false, stored: { extension: '.aac', contentType: 'audio/aac', archive: false },
  },
  wav: {
    id: 'wav', kind: 'audio', extension: '.wav', contentType: 'audio/wav', capture: 'none', audioCodec: 'pcm', pixelFormats: [],
    usesPreset: false, summary: 'Audio only, 16-bit PCM WAV',
    muxer: 'wav', chunkable: false, stored: { extension: '.wav', contentType: 'audio/wav', archive: false },
  },
  hls: {
    id: 'hls', kind: 'hls', extension: '.m3u8', contentType: 'application/vnd.apple.mpegurl', capture: 'jpeg', videoCodec: 'h264',
    audioCodec: 'aac', crf: { min: 0, max: 51, default: 21 }, pixelFormats: ['yuv420p'], usesPreset: true, defaultAudioBitrate: '128k',
    // Three encodes share the CPU with capture: veryfast keeps the ladder near one medium encode,
    // and the per-rendition bitrate caps bound what the faster preset costs in quality.
    defaultPreset: 'veryfast',
    // Streams end up on TVs and set-top boxes, whose decoders often ignore the full-range flag.
    defaultColorRange: 'limited',
    summary: 'HTTP Live Streaming: a ladder of H.264 renditions from one capture, 6 s segments, master playlist (+ zip)',
    muxer: 'hls', chunkable: false, stored: { extension: '.zip', contentType: 'application/zip', archive: true },
  },
};

export function formatProfile(format: OutputFormat): FormatProfile {
  return FORMATS[format];
}

/**
 * The extensions that name a format in a file name: its own, and `.m4v` for MP4 (H.264 or
 * H.265). HLS writes a folder, named by a trailing slash rather than an extension.
 */
export function extensionsOf(format: OutputFormat): string[] {
  const { kind, extension } = FORMATS[format];
  if (kind === 'hls') return [];
  return extension === '.mp4' ? ['.mp4', '.m4v'] : [extension];
}

/** The formats an extension (`.mp4`, lower case) names, in OUTPUT_FORMATS order: `.mp4` is mp4, then mp4-h265. */
export function formatsNamedBy(extension: string): OutputFormat[] {
  return OUTPUT_FORMATS.filter((format) => extensionsOf(format).includes(extension));
}

/** Whether a name ends in a path separator: a folder, which only HLS writes. */
export function namesFolder(file: string): boolean {
  return /[/\\]$/.test(file);
}

/** A file name's extension in lower case, as `path.extname` reads it: `out/v1.2/video` and `.mp4` have none. */
export function fileExtension(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : '';
}

/** The format an output file name suggests, e.g. `out.webm` → webm; undefined when unclear. */
export function formatFromFileName(file: string): OutputFormat | undefined {
  return namesFolder(file) ? 'hls' : formatsNamedBy(fileExtension(file))[0];
}

/** The output path to give the engine for a file stem: HLS writes a folder (its zip goes beside it), the rest a file. */
export function outputName(format: OutputFormat, stem: string): string {
  return FORMATS[format].kind === 'hls' ? stem : `${stem}${FORMATS[format].extension}`;
}
