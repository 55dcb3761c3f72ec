import { fileTypeFromFile } from 'file-type';
import { FramewrightError } from '../../src/errors/index.ts';
import type { AssetKind } from './asset-schemas.ts';

/** Image types every Chromium decodes; other image formats (PSD, TIFF, ICO, ...) are refused. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);

export interface SniffedType {
  kind: AssetKind;
  contentType: string;
}

/**
 * What a file is, from its first bytes (file-type's signatures), never from its name or the
 * type the client claimed: a PDF named logo.png is a PDF. Anything but an image, video, audio
 * or font file is refused (ASSET_TYPE_NOT_ALLOWED). SVG is text, carries script, and is refused.
 */
export async function sniffAsset(file: string, shownName: string | null): Promise<SniffedType> {
  const type = await fileTypeFromFile(file);
  const mime = type?.mime;
  const kind: AssetKind | undefined = !mime
    ? undefined
    : IMAGE_TYPES.has(mime)
      ? 'image'
      : mime.startsWith('video/')
        ? 'video'
        : mime.startsWith('audio/')
          ? 'audio'
          : mime.startsWith('font/')
            ? 'font'
            : undefined;
  if (!mime || !kind) {
    const what = mime ? `a ${mime} file` : 'not a file type Framewright recognises';
    throw new FramewrightError('ASSET_TYPE_NOT_ALLOWED', `${shownName ? `"${shownName}"` : 'The file'} is ${what}: upload an image (PNG, JPEG, GIF, WebP, AVIF), a video, an audio file or a font`);
  }
  return { kind, contentType: mime };
}
