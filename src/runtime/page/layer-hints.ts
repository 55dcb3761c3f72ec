import type { StaleArea } from './fresh-raster.ts';
import { unreported } from './paint-hooks.ts';

/**
 * Sets aside `will-change: transform` where it changes nothing but how Chromium rasters, so that a
 * frame's pixels depend on that frame alone.
 *
 * The hint gives an element a layer of its own, and Chromium keeps that layer's raster for as long
 * as the layer lives: text in it stays at the sub-pixel offset of the frame the layer was first
 * painted in. A layer's life depends on the frames its tab happened to paint before (one page or
 * two, a still mounted at that frame), so text sliding in under the hint came out up to 97 levels
 * apart between a 1-page render, a 2-page render and stills of the same frames.
 *
 * Besides that raster strategy, the hint only makes the element a stacking context and the
 * containing block of its descendants, as a transform does. So wherever the element has a
 * transform (or a `translate`, `rotate` or `scale`) that is not `none`, the hint is overridden:
 * the element is painted with the page like any transformed element, which the fresh raster of
 * every captured frame keeps exact (fresh-raster.ts). With no transform the hint is left alone:
 * taking it away would change stacking and positioning.
 */
const ATTRIBUTE = 'data-framewright-flat';
const TRANSFORM_HINT = /(?:^|,)\s*(?:transform|translate|rotate|scale)\s*(?:,|$)/;

let sheet: CSSStyleSheet | undefined;
/** Elements with a transform hint, as of the last look at the whole document, or marked since. */
const hinted = new Set<Element>();
/** Elements the override applies to now. */
const flattened = new Set<Element>();

/** Adds the override's style sheet, before the template mounts: a constructed sheet, no node. */
export function installLayerHintOverride(): void {
  if (sheet) return;
  const override = new CSSStyleSheet();
  unreported(() => override.replaceSync(`[${ATTRIBUTE}] { will-change: auto !important; }`));
  sheet = override;
  adopt(override);
}

function adopt(override: CSSStyleSheet): void {
  unreported(() => {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, override];
  });
}

/** Whether a mutation is the engine's own marking of an element: the change tracker ignores those. */
export function isLayerHintOverride(record: MutationRecord): boolean {
  return record.type === 'attributes' && record.attributeName === ATTRIBUTE && record.attributeNamespace === null;
}

/**
 * Marks the elements whose transform hint is redundant now, and unmarks those whose transform
 * went back to `none`. Runs before each capture, where reading computed styles costs no layout.
 *
 * On a frame the change tracker reports changed anywhere (`'all'`: new nodes, classes, style
 * sheets, CSS variables) the whole document is looked through, at 1.4 µs an element; otherwise
 * only the elements whose transform or hint was written inline, and those known to carry a hint.
 * Shadow trees are left alone: the override's sheet is the document's.
 */
export function flattenLayerHints(changedAt: StaleArea): void {
  // A template that assigned its own list of adopted sheets has dropped ours.
  if (sheet && !document.adoptedStyleSheets.includes(sheet)) adopt(sheet);
  if (changedAt === 'all') {
    hinted.clear();
    for (const element of document.querySelectorAll('*')) consider(element);
  } else {
    for (const element of changedAt) consider(element);
  }
  for (const element of hinted) {
    if (!element.isConnected) {
      hinted.delete(element);
      flattened.delete(element);
      continue;
    }
    const style = getComputedStyle(element);
    const transformed = style.transform !== 'none' || style.translate !== 'none' || style.rotate !== 'none' || style.scale !== 'none';
    if (transformed && !flattened.has(element)) {
      flattened.add(element);
      element.setAttribute(ATTRIBUTE, '');
    } else if (!transformed && flattened.has(element)) {
      flattened.delete(element);
      element.removeAttribute(ATTRIBUTE);
    }
  }
}

function consider(element: Element): void {
  // Under the override the computed hint reads `auto`: a marked element keeps its place.
  if (flattened.has(element) || TRANSFORM_HINT.test(getComputedStyle(element).willChange)) hinted.add(element);
}
