/** Every Chromium flag we pass, each with the reason it is there. */
export const CHROMIUM_FLAGS: readonly string[] = [
  // Containers and CI often give /dev/shm only 64 MB; shared memory there crashes big pages.
  '--disable-dev-shm-usage',
  // Pages render in the background; without these Chromium throttles timers and skips frames.
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  // Same pixels on every machine: no hinting differences, no colour profile conversion.
  '--font-render-hinting=none',
  '--force-color-profile=srgb',
  '--hide-scrollbars',
  '--mute-audio',
  // No phoning home: the network may be closed and every refused connection costs time.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-features=Translate,MediaRouter,OptimizationHints,AcceptCHFrame,CalculateNativeWinOcclusion',
  // The page is our own bundle served from loopback; no GPU exists on render machines.
  '--disable-gpu',
];

/** Chromium refuses to run its sandbox as root (containers, CI); elsewhere keep the sandbox. */
export function sandboxFlags(): string[] {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot || process.env.FRAMEWRIGHT_NO_SANDBOX === '1' ? ['--no-sandbox'] : [];
}

/**
 * The backstop behind the page's request interception: Chromium sends every request that is
 * not for the asset server (`127.0.0.1:<port>`) to a "proxy" that is that same server, which
 * refuses proxy requests. Whatever escapes a tab's interception (an out-of-process frame, a
 * service worker) therefore reaches nothing. `<-loopback>` drops Chromium's implicit rule that
 * loopback never goes through a proxy, so other local ports are covered too.
 */
export function networkBackstopFlags(assetHost: string): string[] {
  return [
    `--proxy-server=http://${assetHost}`,
    // Order matters: `<-loopback>` first, or Chromium ignores the explicit rule after it.
    `--proxy-bypass-list=<-loopback>;${assetHost}`,
    // WebRTC could otherwise send UDP past the proxy.
    '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  ];
}
