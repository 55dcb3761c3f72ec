import type { CDPSession, Protocol } from 'puppeteer-core';
import type { PageError } from '../../runtime/page/protocol.ts';
import { refusedRequest, schemeOf, schemeRefusal } from './page-network-guard.ts';

/** Schemes a page may load without leaving the tab: its own in-memory data. */
const IN_PAGE_SCHEMES = new Set(['data', 'blob', 'about']);

/**
 * The ways out that DevTools' Fetch domain never pauses, so the network guard cannot answer
 * them: a WebSocket, a new window (`window.open`, `target=_blank`) and URLs Chromium refuses by
 * itself (`file:`). Chromium's proxy backstop already keeps them from reaching anything; here
 * each one fails the render with REQUEST_REFUSED naming the URL, as a refused fetch does.
 * Events come on the guard's session, in order with the renderer's replies.
 */
export async function watchSideExits(cdp: CDPSession, report: (error: PageError) => void): Promise<void> {
  const refuse = (url: string, reason: string) => report(refusedRequest(url, reason));
  cdp.on('Network.webSocketCreated', (event: Protocol.Network.WebSocketCreatedEvent) => refuse(event.url, 'WebSockets never leave the page'));
  cdp.on('Network.requestWillBeSent', (event: Protocol.Network.RequestWillBeSentEvent) => {
    const { url } = event.request;
    const scheme = schemeOf(url);
    const refusal = scheme && !IN_PAGE_SCHEMES.has(scheme) ? schemeRefusal(url) : undefined;
    if (refusal) refuse(url, refusal);
  });
  cdp.on('Page.windowOpen', (event: Protocol.Page.WindowOpenEvent) => refuse(event.url || 'about:blank', 'the page may not open windows'));
  await cdp.send('Page.enable');
}
