import type { StaleArea } from './fresh-raster.ts';
import { unreported } from './paint-hooks.ts';

/**
 * Keeps content out of layers of its own where the layer changes nothing but how Chromium
 * rasters, so that a frame's pixels depend on that frame alone.
 *
 * Chromium gives a layer of its own to an element under `will-change: transform` or a transform
 * with a 3D function in it (`translate3d`, `translateZ(0)`, `rotateY`…), and the page's fresh
 * raster (fresh-raster.ts) does not reach into such a layer. Its raster lives as long as the layer:
 * under the hint, text stays at the sub-pixel offset of the frame the layer was first painted in,
 * and under a `translate3d` ending on a spring it kept an older offset too. A layer's life depends
 * on the frames its tab happened to paint (one page or two, a still mounted at that frame), so
 * frames were up to 97 levels off their stills, and a 1-page render off a 2-page one.
 *
 * Two cases are taken back into the page's own layer, each where it is the same picture:
 * - `will-change` naming a transform, on an element whose `transform`, `translate`, `rotate` or
 *   `scale` is not `none`: the hint only adds a stacking context and a containing block, which
 *   the transform makes already. It is overridden with `auto`. With no transform it is left alone:
 *   taking it away would change stacking and positioning.
 * - an inline `transform` with 3D functions whose matrix is a 2D one (no depth, no turn out of the
 *   plane: `translate3d(x, y, 0)`, `translateZ(0)`, `rotateY(0deg)`), on an element whose parent
 *   does not `preserve-3d`: a plane at depth 0 projects onto itself, whatever the perspective. It
 *   is overridden with the same `matrix()`. A real turn in depth keeps its layer, and is given a
 *   frame to catch up before the capture (`flattenOwnLayers`).
 *
 * Overrides go through one attribute and a constructed style sheet (no node); the matrix through
 * a custom property on the element.
 */
const ATTRIBUTE = 'data-framewright-flat';
const MATRIX = '--framewright-flat-matrix';
const TRANSFORM_HINT = /(?:^|,)\s*(?:transform|translate|rotate|scale)\s*(?:,|$)/;
/** How Chromium writes a 3D function back in an inline style. */
const THREE_D = /3d\(|Z\(|rotate[XY]\(|perspective\(/;
/** Where inline styles may hold one: read only on frames that may have added one. */
const THREE_D_SELECTOR = ['3d(', 'Z(', 'rotateX(', 'rotateY(', 'perspective('].map((s) => `[style*="${s}"]`).join(', ');

let sheet: CSSStyleSheet | undefined;
/** Elements with a transform hint or a 3D inline transform, as of the last look at the whole document, or met since. */
const candidates = new Set<Element>();
/** What is overridden on each element now: its attribute's words. */
const overridden = new Map<Element, string>();

/** Adds the override's style sheet, before the template mounts. */
export function installLayerOverrides(): void {
  if (sheet) return;
  const override = new CSSStyleSheet();
  unreported(() =>
    override.replaceSync(
      `[${ATTRIBUTE}~="hint"] { will-change: auto !important; } [${ATTRIBUTE}~="matrix"] { transform: var(${MATRIX}) !important; }`,
    ),
  );
  sheet = override;
  adopt(override);
}

function adopt(override: CSSStyleSheet): void {
  unreported(() => {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, override];
  });
}

/**
 * Puts back in the page's layer what may go there now, and gives back what may not. Runs before
 * each capture, where reading computed styles costs no layout, inside the change tracker's
 * `engineWrites`: its writes are not changes of a frame.
 * Says whether an inline transform turned in depth has moved (or may have: on a frame changed
 * anywhere, any such transform counts): such a layer is sometimes drawn
 * first with its raster of the frame before (a card turning on `rotateY` had edge pixels 206
 * levels off its still, in some renders and not others), and one animation frame before the
 * capture lets Chromium catch up (0 such frames in 13 runs of 3 renders, against a mismatch in
 * each of 5 runs without; measured, not derived, see BENCHMARKS.md).
 *
 * On a frame the change tracker reports changed anywhere (`'all'`: new nodes, classes, style
 * sheets, CSS variables) the whole document is looked through, at 1.4 µs an element; otherwise
 * only the elements whose transform or hint was written inline, and those already known. Shadow
 * trees are left alone: the override's sheet is the document's.
 */
export function flattenOwnLayers(changedAt: StaleArea): { turnedInDepth: boolean } {
  let turnedInDepth = false;
  // A template that assigned its own list of adopted sheets has dropped ours.
  if (sheet && !document.adoptedStyleSheets.includes(sheet)) adopt(sheet);
  if (changedAt === 'all') {
    candidates.clear();
    for (const element of document.querySelectorAll('*')) if (hasHint(element)) candidates.add(element);
    for (const element of document.querySelectorAll(THREE_D_SELECTOR)) candidates.add(element);
  } else {
    for (const element of changedAt) candidates.add(element);
  }
  for (const element of overridden.keys()) candidates.add(element);
  for (const element of candidates) {
    if (!element.isConnected) {
      candidates.delete(element);
      overridden.delete(element);
      continue;
    }
    const written = inlineTransform(element);
    const inDepth = THREE_D.test(written);
    const matrix = inDepth ? flatMatrix(element, written) : undefined;
    if (inDepth && !matrix && (changedAt === 'all' || changedAt.includes(element))) turnedInDepth = true;
    // Under the override the computed hint reads `auto`: an overridden element is known to carry one.
    const hinted = Boolean(overridden.get(element)?.includes('hint')) || hasHint(element);
    const words = [hinted && (matrix || isTransformed(element)) ? 'hint' : '', matrix ? 'matrix' : ''].filter(Boolean).join(' ');
    apply(element, words, matrix);
    if (!hinted && !inDepth) candidates.delete(element);
  }
  return { turnedInDepth };
}

function apply(element: Element, words: string, matrix: string | undefined): void {
  const style = (element as HTMLElement).style as CSSStyleDeclaration | undefined;
  if (style && style.getPropertyValue(MATRIX) !== (matrix ?? '')) {
    if (matrix) style.setProperty(MATRIX, matrix);
    else style.removeProperty(MATRIX);
  }
  if ((overridden.get(element) ?? '') === words) return;
  if (words) {
    overridden.set(element, words);
    element.setAttribute(ATTRIBUTE, words);
  } else {
    overridden.delete(element);
    element.removeAttribute(ATTRIBUTE);
  }
}

function hasHint(element: Element): boolean {
  return TRANSFORM_HINT.test(getComputedStyle(element).willChange);
}

function isTransformed(element: Element): boolean {
  const style = getComputedStyle(element);
  return style.transform !== 'none' || style.translate !== 'none' || style.rotate !== 'none' || style.scale !== 'none';
}

function inlineTransform(element: Element): string {
  return (element as HTMLElement).style?.getPropertyValue('transform') ?? '';
}

/**
 * The 2D `matrix()` an inline transform written with 3D functions amounts to, where it is one and nothing
 * 3D depends on it; otherwise undefined. Lengths relative to the box (%, em) are not resolved here,
 * so such transforms keep their layer.
 */
function flatMatrix(element: Element, written: string): string | undefined {
  const parent = element.parentElement;
  if (parent && getComputedStyle(parent).transformStyle === 'preserve-3d') return undefined;
  if (getComputedStyle(element).transformStyle === 'preserve-3d') return undefined;
  let m: DOMMatrix;
  try {
    m = new DOMMatrix(written);
  } catch {
    return undefined;
  }
  const flat = m.m13 === 0 && m.m14 === 0 && m.m23 === 0 && m.m24 === 0 && m.m31 === 0 && m.m32 === 0 && m.m33 === 1 && m.m34 === 0 && m.m43 === 0 && m.m44 === 1;
  return flat ? `matrix(${m.a}, ${m.b}, ${m.c}, ${m.d}, ${m.e}, ${m.f})` : undefined;
}
