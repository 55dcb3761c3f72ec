import { FramewrightError, type ErrorIssue } from '../../errors/index.ts';
import { renderOptions, type ResolvedRenderOptions } from '../options/registry.ts';
import { FORMATS } from './formats.ts';

/**
 * The rules that tie options to the chosen format, checked once after defaults are filled:
 * fills the format's own defaults (crf, pixel format, audio bitrate) and refuses combinations
 * that would be silently ignored, naming the field, the rule and the value received.
 */
export function applyFormatRules(options: ResolvedRenderOptions, explicit: ReadonlySet<string>): ResolvedRenderOptions {
  const profile = FORMATS[options.format];
  const issues: ErrorIssue[] = [];
  const refuse = (field: string, rule: string, value: unknown) =>
    issues.push({ path: [field], message: `${rule}, got ${JSON.stringify(value)}` });
  const out: ResolvedRenderOptions = { ...options };
  const f = options.format;

  if (profile.crf) {
    if (options.crf !== undefined && options.videoBitrate !== undefined) {
      refuse('videoBitrate', 'give either "crf" or "videoBitrate", not both', options.videoBitrate);
    }
    if (options.crf !== undefined && (options.crf < profile.crf.min || options.crf > profile.crf.max)) {
      refuse('crf', `must be ${profile.crf.min}–${profile.crf.max} for ${f}`, options.crf);
    }
    if (options.videoBitrate === undefined) out.crf = options.crf ?? profile.crf.default;
  } else {
    if (options.crf !== undefined) refuse('crf', `does not apply to ${f}`, options.crf);
    if (options.videoBitrate !== undefined) refuse('videoBitrate', `does not apply to ${f}`, options.videoBitrate);
  }

  if (profile.pixelFormats.length > 0) {
    if (options.pixelFormat !== undefined && !profile.pixelFormats.includes(options.pixelFormat)) {
      refuse('pixelFormat', `must be one of ${profile.pixelFormats.join(', ')} for ${f}`, options.pixelFormat);
    }
    out.pixelFormat = (options.pixelFormat ?? profile.pixelFormats[0]) as ResolvedRenderOptions['pixelFormat'];
  } else if (options.pixelFormat !== undefined) {
    refuse('pixelFormat', `does not apply to ${f}`, options.pixelFormat);
  }
  if (f === 'mov' && out.pixelFormat === 'yuva444p10le' && !options.proresProfile.startsWith('4444')) {
    // ProRes 422 profiles carry no alpha: pick their pixel format unless one was asked for.
    if (options.pixelFormat === undefined) out.pixelFormat = 'yuv422p10le';
    else refuse('pixelFormat', `ProRes ${options.proresProfile} has no alpha; use yuv422p10le or proresProfile 4444`, options.pixelFormat);
  }

  if (profile.defaultColorRange) out.colorRange = options.colorRange ?? profile.defaultColorRange;
  else if (options.colorRange !== undefined) {
    refuse('colorRange', f === 'mov' ? 'ProRes is always limited range; mov takes no colorRange' : `does not apply to ${f} (no YUV video)`, options.colorRange);
  }

  if (profile.audioCodec) {
    out.audioBitrate = options.audioBitrate ?? profile.defaultAudioBitrate;
    if (profile.audioCodec === 'pcm' && options.audioBitrate !== undefined) refuse('audioBitrate', 'does not apply to wav (uncompressed)', options.audioBitrate);
  } else {
    if (options.audioBitrate !== undefined) refuse('audioBitrate', `does not apply to ${f} (no audio)`, options.audioBitrate);
    if (options.enforceAudioTrack) refuse('enforceAudioTrack', `${f} has no audio track`, options.enforceAudioTrack);
    if (options.muted) refuse('muted', `${f} has no audio to mute`, options.muted);
  }

  // Compared with the default rather than `explicit`: a form that sends every field (the
  // Studio's) sends the defaults, which change nothing.
  if (profile.kind === 'audio' && options.scale !== 1) refuse('scale', `does not apply to ${f} (no picture)`, options.scale);
  if (profile.capture !== 'jpeg' && options.jpegQuality !== renderOptions.jpegQuality.default) {
    const why = profile.capture === 'none' ? 'no frame is captured' : 'its frames are captured as PNG';
    refuse('jpegQuality', `does not apply to ${f} (${why})`, options.jpegQuality);
  }
  if (profile.kind === 'audio') {
    if (options.muted) refuse('muted', `an audio-only format (${f}) cannot be muted`, options.muted);
    if (options.poster !== undefined) refuse('poster', `needs a video format, not ${f}`, options.poster);
  }
  if (profile.kind !== 'gif') {
    if (options.everyNthFrame !== 1) refuse('everyNthFrame', 'applies to gif only', options.everyNthFrame);
    if (explicit.has('gifLoop')) refuse('gifLoop', 'applies to gif only', options.gifLoop);
  }
  if (f !== 'mov' && explicit.has('proresProfile')) refuse('proresProfile', 'applies to mov only', options.proresProfile);
  if (f !== 'hls') {
    for (const key of ['hlsRenditions', 'hlsSegmentSeconds'] as const) if (explicit.has(key)) refuse(key, 'applies to hls only', options[key]);
  }
  if (explicit.has('preset') && !profile.usesPreset) refuse('preset', `does not apply to ${f}`, options.preset);
  out.preset = (options.preset ?? profile.defaultPreset ?? 'medium') as ResolvedRenderOptions['preset'];

  if (issues.length > 0) {
    const message = issues.map((i) => `"${i.path.join('.')}": ${i.message}`).join('; ');
    throw new FramewrightError('INVALID_OPTIONS', `Invalid render options: ${message}`, { issues });
  }
  return out;
}
