import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import send from 'send';

/** Handles the requests under one mounted prefix; `rest` is the path after it. */
export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse, rest: string, url: URL) => Promise<void>;

export interface SiteUrls {
  /** Base URL of the bundle's static site, ending in `/`. */
  siteUrl: string;
  /** Base URL of the project's public folder, ending in `/`. */
  publicUrl: string;
}

/**
 * Serves bundles and `public/` folders to the browser on loopback. One server per process;
 * every bundle registered gets its own prefix, so renders of different bundles share it.
 */
export class AssetServer {
  private server: http.Server | undefined;
  private port = 0;
  private readonly sites = new Map<string, { siteDir: string; publicDir: string }>();
  private readonly routes = new Map<string, RouteHandler>();

  async start(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => {
      // Absolute-form request targets are proxy requests: the browser's network backstop
      // (see networkBackstopFlags) sends here whatever its tab interception did not handle.
      if (!req.url?.startsWith('/')) return refuseProxied(res, req.url ?? '');
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    server.on('connect', (req: http.IncomingMessage, socket: import('node:net').Socket) => {
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** `127.0.0.1:<port>`, once started. */
  get host(): string {
    if (!this.server) throw new Error('AssetServer.host before start()');
    return `127.0.0.1:${this.port}`;
  }

  register(key: string, siteDir: string, publicDir: string): SiteUrls {
    if (!this.server) throw new Error('AssetServer.register() before start()');
    this.sites.set(key, { siteDir, publicDir });
    const base = `http://127.0.0.1:${this.port}/s/${key}/`;
    return { siteUrl: base, publicUrl: `${base}public/` };
  }

  /**
   * Serves `handler` under a prefix of its own (per render: decoded video frames, the remote
   * asset proxy). Returns the base URL, ending in `/`, and the function that removes it.
   */
  mount(id: string, handler: RouteHandler): { url: string; unmount: () => void } {
    if (!this.server) throw new Error('AssetServer.mount() before start()');
    this.routes.set(id, handler);
    return { url: `http://127.0.0.1:${this.port}/m/${id}/`, unmount: () => void this.routes.delete(id) };
  }

  /** The local file behind a URL this server serves (a bundle or public/ file), if any. */
  fileForUrl(href: string): string | undefined {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return undefined;
    }
    if (url.host !== `127.0.0.1:${this.port}`) return undefined;
    const located = this.locate(url.pathname);
    return located && located !== 'escape' ? located : undefined;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Maps `/s/<key>/...` to a file path; 'escape' for ../ tricks, undefined for unknown sites. */
  private locate(pathname: string): string | 'escape' | undefined {
    const match = /^\/s\/([^/]+)\/(.*)$/.exec(pathname);
    const site = match ? this.sites.get(match[1]!) : undefined;
    if (!match || !site) return undefined;
    let rest = decodeURIComponent(match[2]!);
    let root = site.siteDir;
    if (rest.startsWith('public/')) {
      root = site.publicDir;
      rest = rest.slice('public/'.length);
    }
    const file = path.resolve(root, rest || 'index.html');
    // Refuse anything that escapes the folder (../ tricks).
    if (file !== root && !file.startsWith(root + path.sep)) return 'escape';
    return file;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = /^\/m\/([^/]+)\/(.*)$/.exec(url.pathname);
    if (route) {
      const handler = this.routes.get(route[1]!);
      return handler ? handler(req, res, route[2]!, url) : notFound(res);
    }
    const file = this.locate(url.pathname);
    if (!file || file === 'escape') return notFound(res);
    // `send` answers Range and conditional requests (media elements seek with Range) and
    // refuses anything it cannot serve as a plain file.
    await new Promise<void>((resolve) => {
      send(req, encodeURIComponent(path.basename(file)), { root: path.dirname(file), index: false, dotfiles: 'allow', cacheControl: false, etag: true })
        .on('headers', (response: http.ServerResponse) => {
          response.setHeader('cache-control', 'no-cache');
          response.setHeader('access-control-allow-origin', '*');
        })
        .on('error', (error: { status?: number }) => {
          const status = error.status === 403 ? 404 : (error.status ?? 500);
          if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain' });
          res.end(http.STATUS_CODES[status] ?? 'error');
          resolve();
        })
        .on('directory', () => {
          notFound(res);
          resolve();
        })
        .on('end', () => resolve())
        .pipe(res);
      res.once('close', () => resolve());
    });
  }
}

function refuseProxied(res: http.ServerResponse, target: string): void {
  const body = `refused by the render page's network guard: ${target.replace(/[?#].*$/s, '')}`;
  res.writeHead(403, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}

const INTERNAL_URL = /http:\/\/127\.0\.0\.1:\d+\/(?:s|m)\/[^/\s"')]+\//g;

/**
 * A URL's query string or fragment, up to the punctuation that ends the URL in a sentence
 * (`…?token=x: the server answered…`). `$1` is the URL without it.
 */
const URL_QUERY = /\b((?:https?|wss?):\/\/[^\s?#"'()<>]*)[?#][^\s"'()<>]*?(?=[:;,.]?(?:[\s"'()<>]|$))/gi;

/**
 * An error message as a caller may see it: URLs of this process's loopback asset server
 * (which name its port) become paths relative to the bundle (`public/logo.png`), and every URL
 * loses its query string and fragment (a token, a presigned URL's signature a redirect led to).
 */
export function hideInternalUrls(message: string): string {
  return message.replace(INTERNAL_URL, '').replace(URL_QUERY, (_whole, url: string) => `${url}?…`);
}
