import { FramewrightError } from '../errors/index.ts';
import { extensionsOf, FORMATS, fileExtension, formatsNamedBy, namesFolder, OUTPUT_FORMATS, type OutputFormat } from '../render/formats/formats.ts';
import type { StillFormat } from '../render/render-still.ts';

/**
 * The format the CLI writes, from the output's name and the format flag. A file whose name says
 * one thing and holds another (MP4 bytes in `out.png`, a JPEG in `out.png`) is refused rather
 * than written: players, browsers and upload forms trust the extension. A name without an
 * extension takes the flag or the default; an extension the CLI does not know needs the flag.
 */
export function cliVideoFormat(output: string, flag: OutputFormat | undefined): OutputFormat | undefined {
  const folder = namesFolder(output);
  const ext = folder ? '' : fileExtension(output);
  // Formats a name says: `.mp4` holds H.264 or H.265; a trailing slash is HLS's folder.
  const named: OutputFormat[] = folder ? ['hls'] : formatsNamedBy(ext);
  if (flag !== undefined) {
    if ((folder || named.length > 0) && !named.includes(flag)) {
      const says = folder ? 'ends in "/" (a folder, which only hls writes)' : `has the extension "${ext}" (${named.join(' or ')})`;
      throw invalid('format', `--format ${flag} does not match the output ${output}, which ${says}: name it ${suggestedName(flag)}`);
    }
    return flag;
  }
  if (folder) return 'hls';
  if (ext === '') return undefined; // the engine's default, mp4
  if (named.length === 0) {
    const known = [...new Set(OUTPUT_FORMATS.flatMap(extensionsOf))].join(', ');
    const still = STILL_EXTENSIONS.includes(ext) ? '; for one frame as an image, use `framewright still`' : '';
    throw invalid('format', `cannot tell the format from the extension "${ext}" of ${output}: use ${known}, a folder ending in "/" for hls, or give --format${still}`);
  }
  return named[0];
}

/** `framewright still`: the same rule for images (`.jpg` and `.jpeg` are both JPEG). */
export function cliStillFormat(output: string, flag: StillFormat | undefined): StillFormat {
  const ext = fileExtension(output);
  const named = STILL_BY_EXTENSION[ext];
  if (flag !== undefined) {
    // An extension that names another image, or a video or sound, contradicts the flag.
    const video = formatsNamedBy(ext);
    if ((named && named !== flag) || video.length > 0) {
      const says = `has the extension "${ext}" (${named ?? video.join(' or ')})`;
      throw invalid('imageFormat', `--image-format ${flag} does not match the output ${output}, which ${says}: name it .${flag === 'jpeg' ? 'jpg' : flag}`);
    }
    return flag;
  }
  if (ext === '') return 'png';
  if (!named) {
    const video = formatsNamedBy(ext).length > 0 ? '; for a video, GIF or sound, use `framewright render`' : '';
    throw invalid('imageFormat', `cannot tell the image format from the extension "${ext}" of ${output}: use .png, .jpg, .jpeg or .webp, or give --image-format${video}`);
  }
  return named;
}

const STILL_BY_EXTENSION: Record<string, StillFormat | undefined> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.webp': 'webp' };
const STILL_EXTENSIONS = Object.keys(STILL_BY_EXTENSION);

function suggestedName(format: OutputFormat): string {
  return FORMATS[format].kind === 'hls' ? 'as a folder (e.g. out/promo/)' : FORMATS[format].extension;
}

function invalid(field: string, message: string): FramewrightError {
  return new FramewrightError('INVALID_OPTIONS', `"${field}": ${message}`, { issues: [{ path: [field], message }] });
}
