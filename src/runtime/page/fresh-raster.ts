import { unreported } from './paint-hooks.ts';

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
 * Raster invalidation goes by area: when the paint of a box as large as the viewport changes,
 * Chromium rasters everything under it again. The box below paints one pixel of a gradient that is
 * fully transparent, switched between two such gradients Blink cannot tell are the same, so no
 * pixel ever changes. (An opacity just under 1 on the root, nudged, worked too, but made Chromium
 * raster every frame into a layer of its own: twice the CPU this costs.)
 */
const ID = '__framewright-raster';
const NOTHING = ['linear-gradient(rgba(0, 0, 0, 0), rgba(0, 0, 0, 0))', 'linear-gradient(rgba(255, 255, 255, 0), rgba(255, 255, 255, 0))'] as const;

let box: HTMLElement | undefined;
let flip = 0;

/** Adds the box, before the template mounts: its insertion is not a change of any frame. */
export function installRasterInvalidator(): void {
  const element = document.createElement('div');
  element.id = ID;
  element.setAttribute('aria-hidden', 'true');
  unreported(() => {
    element.style.cssText = `position: absolute; left: 0; top: 0; width: 100vw; height: 100vh; pointer-events: none; background: ${NOTHING[0]} 0 0 / 1px 1px no-repeat`;
  });
  document.documentElement.append(element);
  box = element;
}

/** Whether a mutation is the engine's own: the change tracker ignores those. */
export function isRasterInvalidator(node: Node): boolean {
  return node === box;
}

/** Makes Chromium raster the whole next frame again, changing no pixel of it. */
export function rasterAfresh(): void {
  const element = box;
  if (!element) return;
  // A template that rewrote the document may have taken it out.
  if (!element.isConnected) document.documentElement.append(element);
  flip = 1 - flip;
  unreported(() => {
    element.style.backgroundImage = NOTHING[flip]!;
  });
}
