/**
 * Calls the render API: the service's under `framewright serve`, or the same paths served by
 * the engine under `framewright studio`. An API key (service with keys) is kept in localStorage.
 */
const KEY_STORAGE = 'framewright.studio.apiKey';

export interface RenderView {
  id: string;
  template: string;
  status: 'queued' | 'active' | 'succeeded' | 'failed' | 'canceled';
  stage: string;
  progress: number;
  frames: { rendered: number; encoded: number; total: number | null };
  output: { url: string; contentType: string; bytes: number } | null;
  error: { code: string; message: string } | null;
}

export function getApiKey(): string {
  return localStorage.getItem(KEY_STORAGE) ?? '';
}

export function setApiKey(key: string): void {
  if (key) localStorage.setItem(KEY_STORAGE, key);
  else localStorage.removeItem(KEY_STORAGE);
}

function headers(json: boolean): Record<string, string> {
  const key = getApiKey();
  return { ...(json ? { 'content-type': 'application/json' } : {}), ...(key ? { authorization: `Bearer ${key}` } : {}) };
}

/** The API's origin-relative URL (the page lives under /studio/). */
export function apiUrl(path: string): string {
  return new URL(path, window.location.origin).href;
}

async function failure(response: Response): Promise<Error> {
  const body = (await response.json().catch(() => ({}))) as { detail?: string; title?: string };
  return new Error(body.detail ?? body.title ?? `HTTP ${response.status}`);
}

export async function submitRender(body: { template: string; props: Record<string, unknown>; output: Record<string, unknown> }): Promise<RenderView> {
  const response = await fetch(apiUrl('/v1/renders'), { method: 'POST', headers: headers(true), body: JSON.stringify(body) });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as RenderView;
}

export async function renderStillImage(body: { template: string; props: Record<string, unknown>; frame: number; format: 'png' }): Promise<Blob> {
  const response = await fetch(apiUrl('/v1/stills'), { method: 'POST', headers: headers(true), body: JSON.stringify(body) });
  if (!response.ok) throw await failure(response);
  return response.blob();
}

export async function cancelRender(id: string): Promise<void> {
  const response = await fetch(apiUrl(`/v1/renders/${id}/cancel`), { method: 'POST', headers: headers(false) });
  if (!response.ok && response.status !== 409) throw await failure(response);
}

/** Follows a render's Server-Sent Events until the final one (fetch, so the API key can go along). */
export async function followRender(id: string, onUpdate: (view: RenderView) => void, signal: AbortSignal): Promise<void> {
  const response = await fetch(apiUrl(`/v1/renders/${id}/events`), { headers: headers(false), signal });
  if (!response.ok || !response.body) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n');
      if (data) onUpdate(JSON.parse(data) as RenderView);
    }
  }
}

/** Downloads with the API key (a plain link cannot send it). */
export async function downloadWithKey(url: string, fileName: string): Promise<void> {
  const response = await fetch(url, { headers: headers(false) });
  if (!response.ok) throw await failure(response);
  saveBlob(await response.blob(), fileName);
}

export function saveBlob(blob: Blob, fileName: string): string {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.click();
  return href;
}
