import { getEnvironment } from '../environment.ts';

function absolute(src: string): URL | undefined {
  try {
    return new URL(src, typeof document !== 'undefined' ? document.baseURI : undefined);
  } catch {
    return undefined;
  }
}

/**
 * The URL the page should load for an asset. Remote http(s) URLs go through the renderer's
 * proxy, which fetches each once per render under a timeout, a size limit and the SSRF guard;
 * files the renderer serves itself (public/, the bundle) and data/blob URLs load directly.
 * `asset:<id>` sources (uploaded to the service) also load through the renderer.
 */
export function resolveAssetUrl(src: string, kind?: 'image' | 'font' | 'audio' | 'video'): string {
  const { mediaUrl } = getEnvironment();
  if (!mediaUrl) return src;
  // An uploaded asset (`asset:<id>`) is read from the service's store by the renderer, which
  // also checks that its sniffed type fits the slot (`kind`).
  if (src.startsWith('asset:')) return `${mediaUrl}asset?url=${encodeURIComponent(src)}${kind ? `&kind=${kind}` : ''}`;
  const url = absolute(src);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return src;
  if (url.origin === new URL(mediaUrl).origin) return src;
  return `${mediaUrl}asset?url=${encodeURIComponent(url.href)}`;
}

/** The absolute form of a source, as the renderer identifies it. */
export function absoluteSrc(src: string): string {
  return absolute(src)?.href ?? src;
}

/**
 * Why an asset failed to load, asked of the renderer's proxy (which keeps the answer for the
 * render, so this costs no second download). Undefined for URLs the proxy did not handle.
 */
export async function assetFailureReason(loadedUrl: string): Promise<string | undefined> {
  const { mediaUrl } = getEnvironment();
  if (!mediaUrl || !loadedUrl.startsWith(`${mediaUrl}asset?`)) return undefined;
  try {
    const response = await fetch(loadedUrl);
    if (response.ok) return undefined;
    const body = (await response.json()) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
