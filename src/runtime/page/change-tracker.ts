import { nearlyEqual } from './near-equal.ts';
import { setPaintHookSink } from './paint-hooks.ts';

/** Elements that paint on their own clock or from state the DOM does not show: always a change. */
const ALWAYS_CHANGING = 'canvas, video, iframe, object, embed, input, textarea, select';

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
 * Chromium can paint (a settling spring), is no change. Comparing with the last capture, not the
 * previous frame, keeps tiny steps from adding up to a visible move.
 *
 * Everything else that may change pixels counts as a change: nodes added or removed, text,
 * attributes other than numbers on SVG elements, image and font loads, stylesheet edits,
 * scrolling, and any canvas, video, iframe or form control in the document.
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

  constructor() {
    const markDirty = () => {
      this.dirty = true;
    };
    this.observer = new MutationObserver((records) => this.note(records));
    this.observer.observe(document.documentElement, OBSERVE);
    document.addEventListener('load', markDirty, true);
    document.fonts?.addEventListener('loadingdone', markDirty);
    setPaintHookSink({
      styleWritten: (element, property, value) => this.styleWritten(element, property, value),
      unjudgeable: markDirty,
      shadowAttached: (root) => {
        this.observer.observe(root, OBSERVE);
        this.dirty = true;
      },
    });
  }

  /** Returns whether pixels may differ from this page's last capture; true means it will capture now. */
  consume(): boolean {
    this.note(this.observer.takeRecords());
    const changed = this.dirty || document.querySelector(ALWAYS_CHANGING) !== null || this.differsFromCapture();
    this.dirty = false;
    this.written.clear();
    if (changed) {
      this.baseStyles.clear();
      this.baseAttributes.clear();
      this.baseText.clear();
    }
    return changed;
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
    for (const [element, properties] of this.baseStyles) {
      const current = this.styles.get(element);
      for (const [property, base] of properties) {
        if (base === undefined) return true;
        const now = current?.get(property) ?? '';
        if (now !== base && !nearlyEqual(base, now)) return true;
      }
    }
    return false;
  }
}
