/**
 * Tells whether anything that can change pixels happened since the last check, so the renderer
 * can reuse the previous capture for frames that cannot differ (templates often hold still).
 * Conservative: DOM mutations, image or font loads, or any element that paints outside the DOM
 * (canvas, video, iframe) count as a change.
 */
export class ChangeTracker {
  private dirty = true;
  private readonly observer: MutationObserver;

  constructor(private readonly target: HTMLElement) {
    const markDirty = () => {
      this.dirty = true;
    };
    this.observer = new MutationObserver(markDirty);
    this.observer.observe(target, { subtree: true, childList: true, attributes: true, characterData: true });
    document.addEventListener('load', markDirty, true);
    document.fonts?.addEventListener('loadingdone', markDirty);
  }

  /** Returns whether pixels may have changed since the previous call, and resets. */
  consume(): boolean {
    if (this.observer.takeRecords().length > 0) this.dirty = true;
    const changed = this.dirty || this.target.querySelector('canvas, video, iframe') !== null;
    this.dirty = false;
    return changed;
  }
}
