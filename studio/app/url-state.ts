/** What the address bar holds, so a preview (template, props, frame) can be shared as a link. */
export interface UrlState {
  template: string | undefined;
  props: Record<string, unknown> | undefined;
  frame: number | undefined;
}

export function readUrlState(): UrlState {
  const q = new URLSearchParams(window.location.search);
  let props: Record<string, unknown> | undefined;
  try {
    const raw = q.get('props');
    const parsed: unknown = raw ? JSON.parse(raw) : undefined;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) props = parsed as Record<string, unknown>;
  } catch {
    // A hand-edited link with broken JSON: start from the defaults.
  }
  const frame = Number(q.get('frame'));
  return { template: q.get('template') ?? undefined, props, frame: Number.isInteger(frame) && frame >= 0 ? frame : undefined };
}

export function writeUrlState(state: UrlState): void {
  const q = new URLSearchParams();
  if (state.template) q.set('template', state.template);
  if (state.props) q.set('props', JSON.stringify(state.props));
  if (state.frame) q.set('frame', String(state.frame));
  const search = q.toString();
  const url = `${window.location.pathname}${search ? `?${search}` : ''}`;
  if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, '', url);
}
