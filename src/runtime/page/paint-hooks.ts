/**
 * Hooks that let the change tracker see what can change pixels without a DOM mutation, or with one
 * that hides the real value:
 * - inline style writes, recorded as written: Chromium serializes the style attribute with 6
 *   significant digits, so the attribute cannot tell `left: 1234.561px` from `1234.564px`;
 * - stylesheet edits (insertRule, a rule's style, adoptedStyleSheets), scrolling, `cssText` and
 *   edits of a Web Animation's keyframes, timing or target, popovers, focus, text selection and
 *   custom highlights, whose effect cannot be judged cheaply:
 *   they count as a change (an animation's play state and time are compared by the tracker);
 * - shadow roots, which a MutationObserver on the document does not see into.
 * Installed before the template root loads; the tracker attaches its sink at mount.
 */

export interface PaintHookSink {
  /** `property` of `element`'s inline style was set to `value` ('' removes it), as written. */
  styleWritten(element: Element, property: string, value: string): void;
  /** Something changed that may change pixels and cannot be compared: take the next frame anew. */
  unjudgeable(): void;
  /** A shadow root was attached: its subtree must be observed too. */
  shadowAttached(root: ShadowRoot): void;
}

let sink: PaintHookSink | undefined;
let muted = false;

/** The sink, unless the engine is making a write of its own that changes no pixel. */
function reporting(): PaintHookSink | undefined {
  return muted ? undefined : sink;
}

/** Runs `write` unreported: for the engine's own style writes that leave every pixel as it was. */
export function unreported<T>(write: () => T): T {
  // Nested calls (a sheet adopted inside the tracker's engineWrites) keep the outer one muted.
  const outer = muted;
  muted = true;
  try {
    return write();
  } finally {
    muted = outer;
  }
}

/** Every shadow root attached in this document, closed ones too, from before the tracker existed on. */
const shadowRoots: ShadowRoot[] = [];

export function attachedShadowRoots(): readonly ShadowRoot[] {
  return shadowRoots;
}

export function setPaintHookSink(next: PaintHookSink | undefined): void {
  sink = next;
}

function cssName(key: string): string {
  if (key.startsWith('--') || key.includes('-')) return key;
  if (key === 'cssFloat') return 'float';
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/^webkit-/, '-webkit-');
}

function asText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

const watched = new WeakMap<CSSStyleDeclaration, CSSStyleDeclaration>();

/**
 * A stand-in for a style declaration that reports every write, then performs it. CSS properties
 * are named-property interceptors on the declaration itself (not prototype setters), so only a
 * Proxy sees `style.transform = …`. Methods are bound to the real declaration (they throw
 * "Illegal invocation" on a Proxy).
 */
function watchDeclaration(declaration: CSSStyleDeclaration, owner: Element | undefined): CSSStyleDeclaration {
  const known = watched.get(declaration);
  if (known) return known;
  const note = (property: string, value: unknown) => {
    const sink = reporting();
    if (!sink) return;
    if (!owner || property === 'cssText') sink.unjudgeable();
    else sink.styleWritten(owner, cssName(property), asText(value));
  };
  const methods = new Map<PropertyKey, unknown>();
  const wrap = (key: PropertyKey, fn: (...args: unknown[]) => unknown): unknown => {
    if (key === 'setProperty') {
      return (name: string, value: unknown, priority?: string) => {
        note(name, priority ? `${asText(value)} !${priority}` : value);
        return fn.call(declaration, name, value, priority);
      };
    }
    if (key === 'removeProperty') {
      return (name: string) => {
        note(name, '');
        return fn.call(declaration, name);
      };
    }
    return fn.bind(declaration);
  };
  const proxy = new Proxy(declaration, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      let method = methods.get(key);
      if (!method) {
        method = wrap(key, value as (...args: unknown[]) => unknown);
        methods.set(key, method);
      }
      return method;
    },
    set(target, key, value) {
      if (typeof key === 'string') note(key, value);
      return Reflect.set(target, key, value, target);
    },
  });
  watched.set(declaration, proxy);
  return proxy;
}

function patchAccessor<T extends object>(proto: T | undefined, name: string, make: (get: () => unknown, set: ((v: unknown) => void) | undefined) => PropertyDescriptor): void {
  if (!proto) return;
  const d = Object.getOwnPropertyDescriptor(proto, name);
  if (!d?.get) return;
  const { get, set } = d;
  Object.defineProperty(proto, name, { configurable: true, enumerable: d.enumerable ?? false, ...make(get, set) });
}

function patchMethod<T extends object>(proto: T | undefined, name: string, before: (self: unknown, args: unknown[]) => void): void {
  if (!proto) return;
  const original = (proto as Record<string, unknown>)[name];
  if (typeof original !== 'function') return;
  Object.defineProperty(proto, name, {
    configurable: true,
    writable: true,
    value: function (this: unknown, ...args: unknown[]) {
      before(this, args);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    },
  });
}

const unjudgeable = () => reporting()?.unjudgeable();

/** A property whose every assignment counts as a change that cannot be judged. */
function unjudgeableSetter<T extends object>(proto: T | undefined, name: string): void {
  patchAccessor(proto, name, (get, set) => ({
    get(this: unknown) {
      return get.call(this);
    },
    set(this: unknown, value: unknown) {
      unjudgeable();
      set?.call(this, value);
    },
  }));
}

let installed = false;

export function installPaintHooks(): void {
  if (installed) return;
  installed = true;
  const styled = [HTMLElement.prototype, SVGElement.prototype, (globalThis as { MathMLElement?: { prototype: object } }).MathMLElement?.prototype];
  for (const proto of styled) {
    patchAccessor(proto, 'style', (get, set) => ({
      get(this: Element) {
        return watchDeclaration(get.call(this) as CSSStyleDeclaration, this);
      },
      set(this: Element, value: unknown) {
        unjudgeable();
        set?.call(this, value);
      },
    }));
  }
  // A rule's style has no element to compare on: any write to it is a change.
  patchAccessor(CSSStyleRule.prototype, 'style', (get) => ({
    get(this: CSSStyleRule) {
      return watchDeclaration(get.call(this) as CSSStyleDeclaration, undefined);
    },
  }));
  for (const name of ['insertRule', 'deleteRule', 'addRule', 'removeRule', 'replace', 'replaceSync']) {
    patchMethod(CSSStyleSheet.prototype, name, unjudgeable);
  }
  for (const proto of [Document.prototype, ShadowRoot.prototype]) unjudgeableSetter(proto, 'adoptedStyleSheets');
  // `setAttribute('style', …)` replaces the whole inline style without passing the declaration.
  for (const name of ['setAttribute', 'removeAttribute', 'toggleAttribute', 'setAttributeNS', 'removeAttributeNS']) {
    patchMethod(Element.prototype, name, (_self, args) => {
      const attr = String(name.endsWith('NS') ? args[1] : args[0]).toLowerCase();
      if (attr === 'style') unjudgeable();
    });
  }
  // Setting a scroll offset is a change only if the element moved: templates often set it every
  // frame, holding still for most of them.
  for (const name of ['scrollTop', 'scrollLeft']) {
    patchAccessor(Element.prototype, name, (get, set) => ({
      get(this: Element) {
        return get.call(this);
      },
      set(this: Element, value: unknown) {
        const before = get.call(this);
        set?.call(this, value);
        if (get.call(this) !== before) unjudgeable();
      },
    }));
  }
  for (const name of ['scroll', 'scrollTo', 'scrollBy', 'scrollIntoView']) patchMethod(Element.prototype, name, unjudgeable);
  for (const name of ['scroll', 'scrollTo', 'scrollBy']) patchMethod(window, name, unjudgeable);
  // Element states that change pixels and no attribute: a shown popover, focus (`:focus`
  // styles, a caret), a text selection or a custom highlight.
  for (const name of ['showPopover', 'hidePopover', 'togglePopover', 'focus', 'blur']) patchMethod(HTMLElement.prototype, name, unjudgeable);
  for (const name of ['focus', 'blur']) patchMethod(SVGElement.prototype, name, unjudgeable);
  if (typeof Selection !== 'undefined') {
    for (const name of ['addRange', 'removeRange', 'removeAllRanges', 'empty', 'collapse', 'setPosition', 'collapseToStart', 'collapseToEnd', 'extend', 'setBaseAndExtent', 'selectAllChildren', 'modify', 'deleteFromDocument']) {
      patchMethod(Selection.prototype, name, unjudgeable);
    }
  }
  const highlights = (globalThis as { CSS?: { highlights?: object } }).CSS?.highlights;
  if (highlights) for (const name of ['set', 'delete', 'clear']) patchMethod(Object.getPrototypeOf(highlights) as object, name, unjudgeable);
  // A paused Web Animation driven by the frame (`currentTime` set per frame) is compared by its
  // time; a change to what it animates is not visible there.
  if (typeof KeyframeEffect !== 'undefined') {
    for (const name of ['setKeyframes', 'updateTiming']) patchMethod(KeyframeEffect.prototype, name, unjudgeable);
    for (const name of ['target', 'pseudoElement', 'composite']) unjudgeableSetter(KeyframeEffect.prototype, name);
    unjudgeableSetter(Animation.prototype, 'effect');
  }
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = attachShadow.call(this, init);
    shadowRoots.push(root);
    sink?.shadowAttached(root);
    return root;
  };
}
