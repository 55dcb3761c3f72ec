import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { FramewrightError, toFramewrightError } from '../../errors/index.ts';
import { hideInternalUrls, type AssetServer } from '../asset-server.ts';
import { ownedTempDir } from '../leftovers.ts';
import type { AudioSourceInfo } from '../audio/mix-plan.ts';
import { probeMedia, type MediaInfo } from './probe-media.ts';
import { ASSET_SCHEME, RemoteAssets, type RemoteAssetOptions } from './remote-assets.ts';
import { frameAt, VideoDecoder } from './video-decoder.ts';

/** Folders that `framewright:public/…` and `framewright:site/…` sources are relative to. */
export interface SourceRoots {
  publicDir: string;
  siteDir?: string;
}

/** What an uploaded asset may be used as: the first part of its sniffed MIME type. */
export type AssetKind = 'image' | 'video' | 'audio' | 'font';
const isAssetKind = (text: string): text is AssetKind => ['image', 'video', 'audio', 'font'].includes(text);

const PORTABLE = /^framewright:(public|site)\/(.*)$/;

/**
 * Everything media of one render: the remote-asset proxy the page loads through, decoded
 * `<Video>` frames, source files for the audio mix. Mounted on the host's loopback server under
 * a prefix of its own; `close()` stops every decoder and deletes every download. Without a
 * server (mixing the sound of a render assembled from chunks) it only resolves and fetches.
 */
export class MediaSession {
  private readonly decoders = new Map<string, Promise<VideoDecoder>>();
  private readonly probes = new Map<string, Promise<MediaInfo>>();
  private constructor(
    private readonly server: AssetServer | undefined,
    private readonly roots: SourceRoots,
    private readonly dir: string,
    private readonly remote: RemoteAssets,
    /** Base URL of the endpoints, ending in `/`: the page's `mediaUrl` ('' without a server). */
    readonly url: string,
    private readonly unmount: () => void,
    private readonly signal: AbortSignal,
  ) {}

  static async open(server: AssetServer | undefined, roots: SourceRoots, options: RemoteAssetOptions, signal: AbortSignal): Promise<MediaSession> {
    // Named for this process: the downloads of a worker killed with -9 go with the next one's first render.
    const dir = await ownedTempDir('framewright-media-');
    const remote = new RemoteAssets(dir, options, signal);
    let session: MediaSession | undefined;
    const mounted = server?.mount(randomBytes(8).toString('hex'), (req, res, rest, url) => session!.handle(req, res, rest, url));
    session = new MediaSession(server, roots, dir, remote, mounted?.url ?? '', mounted?.unmount ?? (() => undefined), signal);
    return session;
  }

  /**
   * A source as any machine of the project can resolve it: files this server serves from the
   * public folder or the bundle become `framewright:public/…` / `framewright:site/…` (the
   * loopback URL holds this process's port); remote URLs stay as they are.
   */
  portableSrc(src: string): string {
    const file = this.server?.fileForUrl(src);
    if (!file) return src;
    for (const [name, root] of [['public', this.roots.publicDir], ['site', this.roots.siteDir]] as const) {
      if (root && file.startsWith(root + path.sep)) return `framewright:${name}/${path.relative(root, file).split(path.sep).join('/')}`;
    }
    return src;
  }

  /** The local file behind a source URL: a file the server serves, a portable path, or a download. */
  async sourceFile(src: string): Promise<string> {
    const local = this.server?.fileForUrl(src) ?? this.portableFile(src);
    if (local) {
      const s = await stat(local).catch(() => undefined);
      if (!s?.isFile()) throw new FramewrightError('ASSET_FETCH_FAILED', `${hideInternalUrls(src)} does not exist (looked for ${local})`);
      return local;
    }
    if (/^https?:/i.test(src) || src.startsWith(ASSET_SCHEME)) return (await this.remote.get(src)).file;
    throw new FramewrightError('ASSET_FETCH_FAILED', `${src}: only public/ files, bundled files, uploaded assets and http(s) URLs can be played`);
  }

  /**
   * Refuses an uploaded asset whose sniffed type does not fit the slot it is used in (a PDF for
   * an <Img>, an image for a <Video>). Other sources are left to the browser and FFmpeg.
   */
  private async checkKind(src: string, kinds: readonly AssetKind[]): Promise<void> {
    if (!src.startsWith(ASSET_SCHEME)) return;
    const { contentType = 'application/octet-stream' } = await this.remote.get(src);
    if (!kinds.some((kind) => contentType.startsWith(`${kind}/`))) {
      throw new FramewrightError('ASSET_FETCH_FAILED', `${src} is ${contentType}, not ${kinds.map((k) => (k === 'audio' ? 'audio' : k === 'image' ? 'an image' : `a ${k}`)).join(' or ')}`);
    }
  }

  /** A URL the page itself requested (CSS, <img>, fetch): downloaded once under the SSRF guard. */
  fetchForPage(url: string): Promise<{ file: string; contentType: string | undefined }> {
    return this.remote.get(url);
  }

  probe(src: string): Promise<MediaInfo> {
    let info = this.probes.get(src);
    if (!info) {
      // Named as the template wrote it (`public/a.wav`): the asset server's URL names a port
      // that means nothing to the user and is gone after the render.
      info = this.sourceFile(src).then((file) => probeMedia(file, hideInternalUrls(src), this.signal));
      this.probes.set(src, info);
    }
    return info;
  }

  /** File, duration and whether it has sound, for every source the mix uses. */
  async audioSources(srcs: Iterable<string>): Promise<Map<string, AudioSourceInfo>> {
    const entries = await Promise.all(
      [...new Set(srcs)].map(async (src) => {
        await this.checkKind(src, ['audio', 'video']);
        const [file, info] = await Promise.all([this.sourceFile(src), this.probe(src)]);
        return [src, { file, duration: info.duration, hasAudio: info.hasAudio, videoDuration: info.video ? info.video.frameCount / info.video.fps : undefined, audioOffset: info.audioOffset, mono: info.audioChannels === 1 }] as const;
      }),
    );
    return new Map(entries);
  }

  private portableFile(src: string): string | undefined {
    const m = PORTABLE.exec(src);
    if (!m) return undefined;
    const root = m[1] === 'public' ? this.roots.publicDir : this.roots.siteDir;
    if (!root) throw new FramewrightError('ASSET_FETCH_FAILED', `${src}: no bundle to resolve it against`);
    const file = path.resolve(root, decodeURIComponent(m[2]!));
    if (!file.startsWith(root + path.sep)) throw new FramewrightError('ASSET_FETCH_FAILED', `${src} points outside ${root}`);
    return file;
  }

  async close(): Promise<void> {
    this.unmount();
    const decoders = await Promise.allSettled(this.decoders.values());
    await Promise.all(decoders.map((d) => (d.status === 'fulfilled' ? d.value.close() : undefined)));
    await rm(this.dir, { recursive: true, force: true });
  }

  private decoder(src: string): Promise<VideoDecoder> {
    let decoder = this.decoders.get(src);
    if (!decoder) {
      decoder = Promise.all([this.sourceFile(src), this.probe(src), this.checkKind(src, ['video'])]).then(([file, info]) => {
        if (!info.video) throw new FramewrightError('ASSET_FETCH_FAILED', `${src} has no video stream`);
        return new VideoDecoder(file, info.video, src);
      });
      this.decoders.set(src, decoder);
    }
    return decoder;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, rest: string, url: URL): Promise<void> {
    try {
      if (rest === 'asset') return await this.serveAsset(req, res, url);
      if (rest === 'video-frame') return await this.serveVideoFrame(res, url);
      sendError(res, 404, new FramewrightError('NOT_FOUND', `No media endpoint ${rest}`));
    } catch (error) {
      const e = toFramewrightError(error);
      sendError(res, e.code === 'ASSET_FETCH_FAILED' ? 502 : e.status, e);
    }
  }

  private async serveAsset(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const target = url.searchParams.get('url') ?? '';
    const fetched = await this.remote.get(target);
    const kind = url.searchParams.get('kind');
    if (kind && isAssetKind(kind)) await this.checkKind(target, [kind]);
    const { size } = await stat(fetched.file);
    res.writeHead(200, {
      'content-type': fetched.contentType ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(fetched.file).pipe(res);
  }

  private async serveVideoFrame(res: http.ServerResponse, url: URL): Promise<void> {
    const q = url.searchParams;
    const src = q.get('src') ?? '';
    const decoder = await this.decoder(src);
    const { fps, frameCount, width, height } = decoder.info;
    const to = q.get('to');
    const index = frameAt(Number(q.get('t') ?? 0), { fps, frameCount, loop: q.get('loop') === '1', from: Number(q.get('from') ?? 0), to: to ? Number(to) : undefined });
    const pixels = await decoder.frame(index);
    res.writeHead(200, {
      'content-type': decoder.encoding === 'jpeg' ? 'image/jpeg' : 'application/octet-stream',
      'content-length': pixels.length,
      'x-frame-width': width,
      'x-frame-height': height,
      'x-frame-index': index,
      // Every frame URL is fetched once; keeping them would only grow the page's memory.
      'cache-control': 'no-store',
    });
    res.end(pixels);
  }
}

function sendError(res: http.ServerResponse, status: number, error: FramewrightError): void {
  if (res.headersSent) return void res.destroy(error);
  const body = JSON.stringify({ code: error.code, message: error.message });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}
