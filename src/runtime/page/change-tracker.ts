import { isAnimatedImage } from './animated-image.ts';
import type { StaleArea } from './fresh-raster.ts';
import { note } from './determinism.ts';
import { nearlyEqual, paintsSame } from './near-equal.ts';
import { attachedShadowRoots, setPaintHookSink, unreported } from './paint-hooks.ts';

/** Elements that paint from state the DOM does not show: always a change. */
const ALWAYS_CHANGING = 'canvas, video, iframe, object, embed, input, textarea, select';

/** Elements that animate on the browser's clock (SVG's SMIL, marquee): always a change, and a notice. */
const OWN_CLOCK = 'animate, animateMotion, animateTransform, animateColor, set, marquee';

/** Resource Timing initiators of requests whose response may be painted as an image. */
const IMAGE_INITIATORS = new Set(['img', 'image', 'css', 'link', 'other']);
/** Files that never animate, by extension or asset-proxy kind: not worth reading back. */
const NEVER_ANIMATED = /\.(?:jpe?g|bmp|ico|woff2?|ttf|otf|eot|css|js|mjs|json|mp4|webm|mov|mp3|wav|m4a|aac|ogg|opus)(?:[?#]|$)|[?&]kind=(?:font|audio|video)(?:&|$)/i;
/** Types that can animate by themselves, as Resource Timing reports them (where it does). */
const MAY_ANIMATE = /^image\/(?:gif|png|apng|webp|avif|svg\+xml)\b/i;

/** Properties that move content by a transform, which Chromium may leave unpainted (fresh-raster.ts), or change the layer it is rastered in (own-layers.ts). */
const TRANSFORMING = /^(?:transform|translate|rotate|scale|transform-origin|transform-box|transform-style|perspective|perspective-origin|offset(?:-[a-z]+)*|zoom|will-change)$/;

const OBSERVE: MutationObserverInit = {
  subtree: true,
  childList: true,
  attributes: true,
  attributeOldValue: true,
  characterData: true,
  characterDataOldValue: true,
};

/**
 * Tells whether the page may paint different pixels than at the last frame this page captured, so
 * the renderer can reuse that capture. It watches the whole document, not only the React root
 * (portals into `document.body`, CSS variables on `<html>`, `<head>` styles), and compares every
 * value that changed with its value at the last capture: identical, or numbers closer than
 * Chromium can paint (a settling spring; `paintsSame` says how close), is no change. Comparing
 * with the last capture, not the previous frame, keeps tiny steps from adding up to a visible move.
 *
 * Everything else that may change pixels counts as a change: nodes added or removed, text,
 * attributes other than numbers on SVG elements, image and font loads, stylesheet edits,
 * scrolling, and any canvas, video, iframe or form control in the document or a shadow tree.
 *
 * So does whatever Chromium animates on its own clock, which moves between two captures with no
 * change to the DOM at all: a running CSS animation or transition or Web Animation, SVG's SMIL
 * (`<animate>`), and an animated GIF, APNG, WebP or AVIF, or an SVG image with animations in it.
 * Those frames depend on how fast the render runs, so each is also reported once
 * (WALL_CLOCK_ANIMATION). A paused Web Animation that the template moves by setting its
 * `currentTime` is compared by its time, like a style value.
 */
export class ChangeTracker {
  private dirty = true;
  private readonly observer: MutationObserver;
  /** Latest value written to each inline style property, as written. */
  private readonly styles = new WeakMap<Element, Map<string, string>>();
  /** Elements whose inline style was written since the last check. */
  private readonly written = new Set<Element>();
  /** Values at the last capture of everything changed since: style properties (undefined: unknown), attributes, text. */
  private readonly baseStyles = new Map<Element, Map<string, string | undefined>>();
  private readonly baseAttributes = new Map<Element, Map<string, string | null>>();
  private readonly baseText = new Map<CharacterData, string | null>();
  /** Play state and time of every animation at the last capture. */
  private baseAnimations = '';
  /** Requests this document finished, looked at once each, at the next frame. */
  private readonly resources: PerformanceObserver | undefined;
  private readonly finished: PerformanceResourceTiming[] = [];
  /** Image sources to read back and look into before the next decision. */
  private readonly toInspect = new Map<string, { css: boolean }>();
  private readonly inspected = new Set<string>();
  /** Sources found to animate by themselves. */
  private readonly animatedSources = new Set<string>();
  /** An animated image painted from CSS (or a preload): where it shows cannot be told cheaply. */
  private animatedAnywhere = false;

  constructor() {
    const markDirty = () => {
      this.dirty = true;
    };
    this.observer = new MutationObserver((records) => this.note(records));
    this.observer.observe(document.documentElement, OBSERVE);
    document.addEventListener(
      'load',
      (event) => {
        this.dirty = true;
        // data: and blob: images make no network request, so Resource Timing never lists them.
        const source = imageSource(event.target);
        if (source && /^(?:data|blob):/i.test(source)) this.queueInspection(source, false);
      },
      true,
    );
    if (typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes.includes('resource')) {
      // Chromium delivers an image's entry before its load event; takeRecords() at each frame
      // picks up any not delivered yet.
      this.resources = new PerformanceObserver((list) => this.finished.push(...(list.getEntries() as PerformanceResourceTiming[])));
      this.resources.observe({ type: 'resource', buffered: true });
    }
    document.fonts?.addEventListener('loadingdone', markDirty);
    setPaintHookSink({
      styleWritten: (element, property, value) => this.styleWritten(element, property, value),
      unjudgeable: markDirty,
      shadowAttached: (root) => {
        this.observer.observe(root, OBSERVE);
        this.dirty = true;
      },
    });
    // Roots attached while the bundle loaded, before this tracker listened.
    for (const root of attachedShadowRoots()) this.observer.observe(root, OBSERVE);
  }

  /**
   * Looks into images this document loaded since the last frame, for ones that animate by
   * themselves. Files of the page's own origin and data/blob URLs are read back here (from the
   * cache, or the renderer's asset proxy, which keeps what it fetched for the render); anything
   * else reached the page through the renderer's network guard, which looks into it there.
   */
  async inspectImages(): Promise<void> {
    const finished = this.finished.splice(0);
    finished.push(...((this.resources?.takeRecords() ?? []) as PerformanceResourceTiming[]));
    for (const entry of finished) {
      if (!IMAGE_INITIATORS.has(entry.initiatorType) || NEVER_ANIMATED.test(entry.name)) continue;
      if (!entry.name.startsWith(`${location.origin}/`)) continue;
      const type = (entry as PerformanceResourceTiming & { contentType?: string }).contentType;
      if (type && !MAY_ANIMATE.test(type)) continue;
      this.queueInspection(entry.name, entry.initiatorType !== 'img' && entry.initiatorType !== 'image');
    }
    if (this.toInspect.size === 0) return;
    const batch = [...this.toInspect];
    this.toInspect.clear();
    await Promise.all(
      batch.map(async ([source, { css }]) => {
        if (!(await animates(source))) return;
        this.animatedSources.add(source);
        if (css) this.animatedAnywhere = true;
        this.dirty = true;
      }),
    );
  }

  /**
   * Whether pixels may differ from this page's last capture (true means it will capture now), and
   * if so, where Chromium may show something older than this frame (see fresh-raster.ts).
   */
  consume(): { changed: boolean; stale: StaleArea } {
    this.note(this.observer.takeRecords());
    const animations = animationState();
    const ownClock = animations.running || anywhere(OWN_CLOCK) || this.showsAnimatedImage();
    if (ownClock) note('WALL_CLOCK_ANIMATION');
    const animationsMoved = animations.signature !== this.baseAnimations;
    const changed = this.dirty || ownClock || animationsMoved || anywhere(ALWAYS_CHANGING) || this.differsFromCapture();
    const stale = changed ? this.staleArea(ownClock || animationsMoved) : [];
    this.dirty = false;
    this.written.clear();
    if (changed) {
      this.baseStyles.clear();
      this.baseAttributes.clear();
      this.baseText.clear();
      this.baseAnimations = animations.signature;
    }
    return { changed, stale };
  }

  /**
   * Runs the engine's own writes to the page before a capture (the raster box of fresh-raster.ts,
   * the overrides of own-layers.ts), whose effect follows from the frame alone: neither their
   * style writes nor their mutations are changes. Runs right after `consume()`, so every mutation
   * pending then is the engine's.
   */
  engineWrites<T>(write: () => T): T {
    this.note(this.observer.takeRecords());
    const result = unreported(write);
    this.observer.takeRecords();
    return result;
  }

  /**
   * What may be drawn where it was at an earlier frame: Chromium repaints a transform that moved by
   * less than its tolerance only when something else repaints its area. Only inline transform
   * writes are followed to their elements; any change that could move a transform otherwise (a
   * stylesheet, a class, a CSS variable, an animation, SVG geometry, nodes) leaves the whole frame
   * in doubt. Opacity, colours and layout Chromium always repaints exactly.
   */
  private staleArea(animated: boolean): StaleArea {
    if (this.dirty || animated || this.baseAttributes.size > 0) return 'all';
    const moved: Element[] = [];
    for (const [element, properties] of this.baseStyles) {
      const current = this.styles.get(element);
      for (const [property, base] of properties) {
        if ((current?.get(property) ?? '') === base) continue;
        if (property.startsWith('--')) return 'all';
        if (TRANSFORMING.test(property)) {
          moved.push(element);
          break;
        }
      }
    }
    return moved;
  }

  private queueInspection(source: string, css: boolean): void {
    if (this.inspected.has(source)) return;
    this.inspected.add(source);
    this.toInspect.set(source, { css });
  }

  /** Whether an image found to animate is in the document now. */
  private showsAnimatedImage(): boolean {
    if (this.animatedAnywhere) return true;
    if (this.animatedSources.size === 0) return false;
    // document.images does not reach into shadow trees.
    if (attachedShadowRoots().length > 0) return true;
    for (const image of document.images) if (this.animatedSources.has(image.currentSrc)) return true;
    for (const image of document.querySelectorAll('image')) {
      const source = imageSource(image);
      if (source && this.animatedSources.has(source)) return true;
    }
    return false;
  }

  private styleWritten(element: Element, property: string, value: string): void {
    this.written.add(element);
    let current = this.styles.get(element);
    if (!current) {
      current = new Map();
      this.styles.set(element, current);
    }
    let base = this.baseStyles.get(element);
    if (!base) {
      base = new Map();
      this.baseStyles.set(element, base);
    }
    if (!base.has(property)) base.set(property, current.get(property));
    current.set(property, value);
  }

  private note(records: MutationRecord[]): void {
    for (const r of records) {
      if (r.type === 'childList') {
        this.dirty = true;
      } else if (r.type === 'characterData') {
        const node = r.target as CharacterData;
        if (!this.baseText.has(node)) this.baseText.set(node, r.oldValue);
      } else if (r.attributeName === 'style' && r.attributeNamespace === null) {
        // Judged by the values written (styleWritten); a style change that did not come through
        // the declaration (Typed OM, for one) cannot be judged.
        if (!this.written.has(r.target as Element)) this.dirty = true;
      } else if (r.attributeName !== null) {
        const element = r.target as Element;
        const key = r.attributeNamespace === null ? r.attributeName : `${r.attributeNamespace} ${r.attributeName}`;
        let base = this.baseAttributes.get(element);
        if (!base) {
          base = new Map();
          this.baseAttributes.set(element, base);
        }
        if (!base.has(key)) base.set(key, r.oldValue);
      }
    }
  }

  private differsFromCapture(): boolean {
    for (const [node, base] of this.baseText) {
      if (node.data !== base) return true;
    }
    for (const [element, attributes] of this.baseAttributes) {
      for (const [key, base] of attributes) {
        const space = key.includes(' ') ? key.slice(0, key.indexOf(' ')) : null;
        const name = space === null ? key : key.slice(space.length + 1);
        const now = element.getAttributeNS(space, name);
        if (now === base) continue;
        // SVG geometry is numbers the template computed (cx, d, transform): compare them as numbers.
        if (now !== null && base !== null && element instanceof SVGElement && !name.endsWith('href') && nearlyEqual(base, now)) continue;
        return true;
      }
    }
    // The largest distance in device pixels across the frame: how far a small turn or scale reaches.
    const extent = Math.max(innerWidth, innerHeight, 1) * (devicePixelRatio || 1);
    for (const [element, properties] of this.baseStyles) {
      const current = this.styles.get(element);
      for (const [property, base] of properties) {
        if (base === undefined) return true;
        const now = current?.get(property) ?? '';
        if (now !== base && !paintsSame(property, base, now, extent)) return true;
      }
    }
    return false;
  }
}

/** Whether an element matching `selector` is in the document, shadow trees included. */
function anywhere(selector: string): boolean {
  if (document.querySelector(selector) !== null) return true;
  for (const root of attachedShadowRoots()) {
    if (root.host.isConnected && root.querySelector(selector) !== null) return true;
  }
  return false;
}

/** The URL an `<img>` or SVG `<image>` shows, absolute. */
function imageSource(target: EventTarget | null): string | undefined {
  if (target instanceof HTMLImageElement) return target.currentSrc || undefined;
  if (target instanceof SVGImageElement) {
    const href = target.href.baseVal;
    return href ? new URL(href, document.baseURI).href : undefined;
  }
  return undefined;
}

/**
 * The document's animations: whether any is running on the browser's clock, and the state of
 * the others as text, to compare with the last capture. An animation on a scroll or view timeline
 * runs with the page's scroll position, not the clock: it is compared by its time like a paused
 * one. `getAnimations()` brings style up to date, which the capture that usually follows needs anyway.
 */
function animationState(): { running: boolean; signature: string } {
  const animations = document.getAnimations();
  if (animations.length === 0) return { running: false, signature: '' };
  let running = false;
  const parts: string[] = [];
  for (const a of animations) {
    if (a.playState === 'running' && a.timeline instanceof DocumentTimeline) running = true;
    parts.push(`${a.playState}@${String(a.currentTime)}x${a.playbackRate}`);
  }
  return { running, signature: parts.join(' ') };
}

/** Reads a source back and looks for frames; one that cannot be read back counts as animated. */
async function animates(source: string): Promise<boolean> {
  try {
    const response = await fetch(source, { cache: 'force-cache' });
    if (!response.ok) return false; // nothing to paint: the image itself failed to load
    return isAnimatedImage(new Uint8Array(await response.arrayBuffer()));
  } catch {
    return true;
  }
}
