import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { CDPSession, Protocol } from 'puppeteer-core';
import { describe, expect, it, vi } from 'vitest';
import type { PageError } from '../../runtime/page/protocol.ts';
import { type OutboundFetcher, PageNetworkGuard, patternsExcept } from './page-network-guard.ts';

/** CDP's URL pattern semantics: `*` any run of characters, `?` one character, the rest literal. */
function matches(pattern: string, url: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(url);
}

const local = 'http://127.0.0.1:41234/';
const patterns = patternsExcept(local);
const paused = (url: string) => patterns.some((p) => matches(p, url));

describe('patternsExcept (the guard pauses everything but the asset server)', () => {
  it.each([`${local}s/abc/index.html`, `${local}s/abc/public/fonts/a.ttf?x=1`, `${local}m/ff00/video-frame?t=3`, local])('%s is not paused', (url) => {
    expect(paused(url)).toBe(false);
  });

  it.each([
    'http://127.0.0.1:3299/x',
    'http://127.0.0.1:4123/x',
    'http://127.0.0.1:412345/x',
    'http://127.0.0.10:41234/x',
    'http://127.0.0.2/x',
    'http://localhost:41234/s/abc/index.html',
    'http://[::1]:41234/',
    'http://user@127.0.0.1:41234/',
    'https://127.0.0.1:41234/',
    'https://example.com/a.png',
    'ws://127.0.0.1:41234/',
    'file:///etc/passwd',
    'ftp://example.com/',
    'http://169.254.169.254/latest/meta-data',
  ])('%s is paused', (url) => {
    expect(paused(url)).toBe(true);
  });
});

/** A DevTools session that records what the guard sends; the test plays Chromium's events. */
class FakeSession extends EventEmitter {
  readonly sent: Array<{ method: string; requestId: string }> = [];
  send(method: string, params?: { requestId?: string }): Promise<unknown> {
    this.sent.push({ method, requestId: params?.requestId ?? '' });
    return Promise.resolve({});
  }
  pause(requestId: string, url: string, networkId?: string): void {
    const event = { requestId, request: { url, method: 'GET' }, frameId: 'main', resourceType: 'Image', ...(networkId ? { networkId } : {}) };
    this.emit('Fetch.requestPaused', event as unknown as Protocol.Fetch.RequestPausedEvent);
  }
  /** The renderer says it started a request (its announcement, on the page's own channel). */
  announce(requestId: string, url: string): void {
    this.emit('Network.requestWillBeSent', { requestId, request: { url, method: 'GET' }, type: 'Image' });
  }
  answered(requestId: string): string[] {
    return this.sent.filter((s) => s.requestId === requestId).map((s) => s.method);
  }
}

const blinkGif = path.join(import.meta.dirname, '../../../test/fixtures/project/public/images/blink.gif');

/** A fetcher whose fetches end when the test says so. */
function heldFetcher() {
  const asked: string[] = [];
  const releases: Array<() => void> = [];
  const fetcher: OutboundFetcher = {
    fetchForPage: async (url) => {
      asked.push(url);
      await new Promise<void>((resolve) => releases.push(resolve));
      return { file: blinkGif, contentType: 'image/gif' };
    },
  };
  return { fetcher, asked, release: () => releases.splice(0).forEach((r) => r()) };
}

async function guardOn(session: FakeSession) {
  const errors: PageError[] = [];
  const guard = new PageNetworkGuard(session as unknown as CDPSession, local, (e) => errors.push(e));
  await guard.enable();
  return { guard, errors };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('PageNetworkGuard: a tab reused for the next render', () => {
  it('fails what the old document asked for after its render ended, and the next render does not fetch or count it', async () => {
    const session = new FakeSession();
    const { guard } = await guardOn(session);
    guard.attach(heldFetcher().fetcher);
    guard.detach();
    // The old document's background image pauses late, after the render gave the tab back.
    session.pause('late', 'https://cdn.example/blink.gif');
    guard.documentCommitted();
    expect(session.answered('late')).toEqual(['Fetch.failRequest']);

    const next = heldFetcher();
    guard.attach(next.fetcher);
    next.release();
    await flush();
    expect(next.asked).toEqual([]);
    expect(guard.served).toBe(0);
    expect(guard.servedAnimatedImage).toBe(false);
  });

  it("a fetch the old render started that ends during the next one is not the next one's", async () => {
    const session = new FakeSession();
    const { guard, errors } = await guardOn(session);
    const old = heldFetcher();
    guard.attach(old.fetcher);
    session.pause('slow', 'https://cdn.example/blink.gif');
    expect(guard.busy).toBe(true);
    guard.detach();
    guard.documentCommitted();
    // The next render starts with a quiet guard: nothing to wait for, nothing served.
    expect(guard.busy).toBe(false);
    await guard.idle();
    guard.attach(heldFetcher().fetcher);
    old.release();
    await flush();
    await flush();
    expect(guard.servedAnimatedImage).toBe(false);
    expect(guard.served).toBe(0);
    expect(guard.busy).toBe(false);
    expect(errors).toEqual([]);
  });

  it("the new document's own requests still wait for its render's fetcher, and count", async () => {
    const session = new FakeSession();
    const { guard } = await guardOn(session);
    guard.detach();
    guard.documentCommitted();
    // A module-level fetch of the warm tab's new document, before any render attached.
    session.pause('own', 'https://cdn.example/blink.gif');
    const next = heldFetcher();
    guard.attach(next.fetcher);
    await flush();
    expect(next.asked).toEqual(['https://cdn.example/blink.gif']);
    next.release();
    await guard.idle();
    await flush();
    expect(session.answered('own')).toEqual(['Fetch.fulfillRequest']);
    expect(guard.served).toBe(1);
    expect(guard.servedAnimatedImage).toBe(true);
  });
});

describe('PageNetworkGuard: a request the renderer announced before it paused', () => {
  it('is busy from the announcement until the request is answered, so a capture waits for it', async () => {
    const session = new FakeSession();
    const { guard } = await guardOn(session);
    const fetcher = heldFetcher();
    guard.attach(fetcher.fetcher);
    session.announce('n1', 'https://cdn.example/bg.gif');
    // The pause is late (the browser's interception is slower than the renderer's channel).
    expect(guard.busy).toBe(true);
    let idle = false;
    void guard.idle().then(() => (idle = true));
    await flush();
    expect(idle).toBe(false);
    session.pause('f1', 'https://cdn.example/bg.gif', 'n1');
    expect(guard.busy).toBe(true);
    await flush();
    expect(idle).toBe(false);
    fetcher.release();
    await guard.idle();
    await flush();
    expect(idle).toBe(true);
    expect(guard.served).toBe(1);
    expect(guard.busy).toBe(false);
  });

  it('a pause that arrives before its announcement is not waited for twice', async () => {
    const session = new FakeSession();
    const { guard } = await guardOn(session);
    const fetcher = heldFetcher();
    guard.attach(fetcher.fetcher);
    session.pause('f1', 'https://cdn.example/bg.gif', 'n1');
    fetcher.release();
    await guard.idle();
    session.announce('n1', 'https://cdn.example/bg.gif');
    expect(guard.busy).toBe(false);
  });

  it('a request that ends without pausing (a cache hit, refused by Chromium) is not waited for', async () => {
    const session = new FakeSession();
    const { guard } = await guardOn(session);
    guard.attach(heldFetcher().fetcher);
    session.announce('n1', 'https://cdn.example/a.png');
    session.announce('n2', 'https://cdn.example/b.png');
    session.emit('Network.requestServedFromCache', { requestId: 'n1' });
    expect(guard.busy).toBe(true);
    session.emit('Network.loadingFailed', { requestId: 'n2' });
    expect(guard.busy).toBe(false);
    await guard.idle();
  });

  it("the asset server's requests and data: URLs are not the guard's to wait for", async () => {
    const session = new FakeSession();
    const { guard } = await guardOn(session);
    session.announce('n1', `${local}s/abc/bundle.js`);
    session.announce('n2', 'data:image/png;base64,AAAA');
    expect(guard.busy).toBe(false);
  });

  it("the old document's announced requests are forgotten when the next one commits", async () => {
    const session = new FakeSession();
    const { guard } = await guardOn(session);
    guard.attach(heldFetcher().fetcher);
    session.announce('n1', 'https://cdn.example/bg.gif');
    guard.detach();
    guard.documentCommitted();
    expect(guard.busy).toBe(false);
    await guard.idle();
  });

  it('an announced request that never pauses stops being waited for after a while', async () => {
    const session = new FakeSession();
    const { guard } = await guardOn(session);
    guard.attach(heldFetcher().fetcher);
    session.announce('n1', 'https://cdn.example/bg.gif');
    vi.useFakeTimers();
    try {
      const idle = guard.idle();
      await vi.advanceTimersByTimeAsync(10_000);
      await idle;
      expect(guard.busy).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
