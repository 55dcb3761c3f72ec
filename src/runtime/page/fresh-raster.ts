import { attachedShadowRoots, unreported } from './paint-hooks.ts';

/** Where a frame may show older pixels: the whole frame, or these elements' subtrees (none: nowhere). */
export type StaleArea = 'all' | readonly Element[];

/**
 * Every captured frame is rastered afresh, so that what a capture shows depends on that frame alone
 * and not on the frames its tab painted before.
 *
 * Blink does not re-raster content whose transform moved less than its tolerance since it was last
 * rastered (0.01 px of translation, 1e-4 of a scale or rotation: its RasterInvalidator), while
 * tiles re-rastered for another reason draw that content where it is now. A settling spring thus
 * left product-ad's price torn, part of it at an older scale, 112 levels off a still of the same
 * frame; and which older scale depended on the frames the tab happened to paint, so two renders of
 * one template differed, as did renders with another number of pages.
 *
 * Raster invalidation goes by area: when the paint of a box changes, Chromium rasters everything
 * under it again. The box below is laid over what may be stale (the whole viewport, or the
 * elements whose transform moved) and paints one pixel of a fully transparent gradient, switched
 * between two such gradients Blink cannot tell are the same, so no pixel ever changes. (An
 * opacity just under 1 on the root, nudged, worked too, but made Chromium raster every frame
 * into a layer of its own: nearly twice the CPU of repainting the whole viewport this way.)
 */
const ID = '__framewright-raster';
const NOTHING = ['linear-gradient(rgba(0, 0, 0, 0), rgba(0, 0, 0, 0))', 'linear-gradient(rgba(255, 255, 255, 0), rgba(255, 255, 255, 0))'] as const;

let box: HTMLElement | undefined;
let flip = 0;

/**
 * Adds the box, before the template mounts: its insertion is not a change of any frame. Where it
 * lies is set by `rasterAfresh` (the first frame, always judged changed everywhere, spans it over
 * the viewport).
 */
export function installRasterInvalidator(): void {
  const element = document.createElement('div');
  element.id = ID;
  element.setAttribute('aria-hidden', 'true');
  unreported(() => {
    element.style.cssText = `position: absolute; pointer-events: none; background: ${NOTHING[0]} 0 0 / 1px 1px no-repeat`;
  });
  document.documentElement.append(element);
  box = element;
}

/**
 * Makes Chromium raster again, changing no pixel, the part of the next frame that may show an
 * earlier frame: all of it, or the boxes of the elements whose transform moved, their descendants
 * included, with a margin for what paints outside a box (glyphs, shadows). Repainting only those
 * saves Chromium 2–3 ms of CPU per 1080p frame, the cost of rastering all of it again.
 *
 * The box is in the page's own layer: content Chromium gives a layer of its own is not repainted
 * by it. Where such a layer changes nothing but the raster, own-layers.ts takes the content back
 * into the page's layer; content turned in depth (`rotateY` with a perspective) keeps its layer
 * and can still show an earlier frame's raster.
 *
 * Runs inside the change tracker's `engineWrites`: the box's writes are not changes of a frame.
 */
export function rasterAfresh(area: StaleArea): void {
  const element = box;
  if (!element) return;
  const rect = area === 'all' ? viewport() : unionOfSubtrees(area);
  if (!rect) return;
  // A template that rewrote the document may have taken it out.
  if (!element.isConnected) document.documentElement.append(element);
  flip = 1 - flip;
  const style = element.style;
  style.left = rect.left;
  style.top = rect.top;
  style.width = rect.width;
  style.height = rect.height;
  style.backgroundImage = NOTHING[flip]!;
}

interface Box {
  left: string;
  top: string;
  width: string;
  height: string;
}

function viewport(): Box {
  return { left: `${scrollX}px`, top: `${scrollY}px`, width: '100vw', height: '100vh' };
}

/** How far paint may reach outside the boxes of an element and its descendants. */
const MARGIN = 32;
/** Past this many descendants the whole frame is cheaper to repaint than to measure. */
const MAX_ELEMENTS = 400;

function unionOfSubtrees(elements: readonly Element[]): Box | undefined {
  // Shadow trees are not reached by querySelectorAll: repaint the whole frame instead.
  if (attachedShadowRoots().length > 0) return viewport();
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  let counted = 0;
  const add = (e: Element) => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return;
    left = Math.min(left, r.left);
    top = Math.min(top, r.top);
    right = Math.max(right, r.right);
    bottom = Math.max(bottom, r.bottom);
  };
  for (const element of elements) {
    if (!element.isConnected) continue;
    add(element);
    const descendants = element.querySelectorAll('*');
    counted += descendants.length + 1;
    if (counted > MAX_ELEMENTS) return viewport();
    for (const d of descendants) add(d);
  }
  // Kept inside the viewport: a box reaching past it would make the document scrollable.
  left = Math.max(0, Math.floor(left - MARGIN));
  top = Math.max(0, Math.floor(top - MARGIN));
  right = Math.min(innerWidth, Math.ceil(right + MARGIN));
  bottom = Math.min(innerHeight, Math.ceil(bottom + MARGIN));
  if (left >= right || top >= bottom) return undefined;
  return { left: `${left + scrollX}px`, top: `${top + scrollY}px`, width: `${right - left}px`, height: `${bottom - top}px` };
}
