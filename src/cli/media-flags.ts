/** Parses the `framewright media` flags into media outputs; validation is the one zod schema's. */
import { FramewrightError, zodToIssues, formatZodIssues } from '../errors/index.ts';
import { outputsSchema, watermarkPlacementSchema, type MediaOutput, type WatermarkPlacement } from '../media-jobs/spec.ts';

type Value = string | string[];

/**
 * `every=10,format=png` → {every: '10', format: 'png'}; a piece without `=` continues the list of
 * the key before it, so `at=1,5,12,format=png` gives at: ['1', '5', '12'].
 */
export function parseKeyValues(text: string): Record<string, Value> {
  const out: Record<string, Value> = {};
  let last: string | undefined;
  for (const piece of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = piece.indexOf('=');
    if (eq < 0) {
      if (last === undefined) throw new FramewrightError('INVALID_OPTIONS', `"${piece}" in "${text}" needs a name, like every=10`);
      const prev = out[last]!;
      out[last] = Array.isArray(prev) ? [...prev, piece] : [prev, piece];
      continue;
    }
    last = piece.slice(0, eq);
    out[last] = piece.slice(eq + 1);
  }
  return out;
}

const NUMERIC = new Set(['width', 'height', 'fps', 'crf', 'every', 'count', 'columns', 'margin', 'opacity', 'segmentSeconds', 'at']);

/** Numbers and booleans from flag text, lists for `at`. */
function typed(values: Record<string, Value>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    const conv = (s: string): unknown => (NUMERIC.has(k) && s !== '' && Number.isFinite(Number(s)) ? Number(s) : s === 'true' ? true : s === 'false' ? false : s);
    out[k] = k === 'at' ? (Array.isArray(v) ? v : [v]).map(conv) : Array.isArray(v) ? v.map(conv) : conv(v);
  }
  return out;
}

/** `mp4` or `mp4:width=640,crf=20`. */
export function transcodeFlag(text: string): Record<string, unknown> {
  const colon = text.indexOf(':');
  const format = colon < 0 ? text : text.slice(0, colon);
  return { type: 'transcode', format, ...(colon < 0 ? {} : typed(parseKeyValues(text.slice(colon + 1)))) };
}

/** `true` (the flag alone) or `720,480` or `720:2500k,480`. */
export function hlsFlag(text: string | true): Record<string, unknown> {
  if (text === true || text === '') return { type: 'hls' };
  const renditions = text.split(',').map((r) => {
    const [height, videoBitrate] = r.split(':');
    return { height: Number(height), ...(videoBitrate ? { videoBitrate } : {}) };
  });
  return { type: 'hls', renditions };
}

export function keyValueFlag(type: 'thumbnails' | 'sprite', text: string | true): Record<string, unknown> {
  return { type, ...(text === true ? {} : typed(parseKeyValues(text))) };
}

export interface MediaFlags {
  transcode?: string[];
  hls?: string | true;
  thumbnails?: string | true;
  sprite?: string | true;
  audio?: string;
  probe?: boolean;
  watermark?: string;
}

/** The outputs the flags ask for, in a fixed order, checked by the API's schema. */
export function outputsFromFlags(flags: MediaFlags): MediaOutput[] {
  const raw: unknown[] = [
    ...(flags.transcode ?? []).map(transcodeFlag),
    ...(flags.hls !== undefined ? [hlsFlag(flags.hls)] : []),
    ...(flags.thumbnails !== undefined ? [keyValueFlag('thumbnails', flags.thumbnails)] : []),
    ...(flags.sprite !== undefined ? [keyValueFlag('sprite', flags.sprite)] : []),
    ...(flags.audio ? [{ type: 'audio', format: flags.audio }] : []),
    ...(flags.probe ? [{ type: 'probe' }] : []),
  ];
  if (raw.length === 0) throw new FramewrightError('INVALID_OPTIONS', 'Ask for at least one output: --transcode mp4, --hls, --thumbnails every=10, --sprite, --audio mp3 or --probe');
  const parsed = outputsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = zodToIssues(parsed.error);
    throw new FramewrightError('INVALID_OPTIONS', `Invalid media options: ${formatZodIssues(issues)}`, { issues });
  }
  return parsed.data;
}

/** `logo.png@bottom-right,opacity=0.5,width=0.2,margin=16`. */
export function watermarkFromFlag(text: string): { image: string; placement: WatermarkPlacement } {
  const [head, ...rest] = text.split(',');
  const at = head!.lastIndexOf('@');
  const image = at < 0 ? head! : head!.slice(0, at);
  const parsed = watermarkPlacementSchema.safeParse({ ...(at < 0 ? {} : { position: head!.slice(at + 1) }), ...typed(parseKeyValues(rest.join(','))) });
  if (!parsed.success) {
    const issues = zodToIssues(parsed.error);
    throw new FramewrightError('INVALID_OPTIONS', `Invalid --watermark: ${formatZodIssues(issues)}`, { issues: issues.map((i) => ({ ...i, path: ['watermark', ...i.path] })) });
  }
  return { image, placement: parsed.data };
}
