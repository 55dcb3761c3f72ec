import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.css': 'text/css',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.mp4': 'video/mp4',
};

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

  async start(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  register(key: string, siteDir: string, publicDir: string): SiteUrls {
    if (!this.server) throw new Error('AssetServer.register() before start()');
    this.sites.set(key, { siteDir, publicDir });
    const base = `http://127.0.0.1:${this.port}/s/${key}/`;
    return { siteUrl: base, publicUrl: `${base}public/` };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/s\/([^/]+)\/(.*)$/.exec(url.pathname);
    const site = match ? this.sites.get(match[1]!) : undefined;
    if (!match || !site) return notFound(res);
    let rest = decodeURIComponent(match[2]!);
    let root = site.siteDir;
    if (rest.startsWith('public/')) {
      root = site.publicDir;
      rest = rest.slice('public/'.length);
    }
    const file = path.resolve(root, rest || 'index.html');
    // Refuse anything that escapes the folder (../ tricks).
    if (file !== root && !file.startsWith(root + path.sep)) return notFound(res);
    let size: number;
    try {
      const s = await stat(file);
      if (!s.isFile()) return notFound(res);
      size = s.size;
    } catch {
      return notFound(res);
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }
}

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}
