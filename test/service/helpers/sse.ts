export interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

/** Reads a Server-Sent Events stream until it ends (or `stopAfter` matches an event). */
export async function readSse(url: string, options: { headers?: Record<string, string>; stopAfter?: (e: SseEvent) => boolean; signal?: AbortSignal } = {}): Promise<{ status: number; contentType: string; events: SseEvent[] }> {
  const res = await fetch(url, { headers: options.headers ?? {}, ...(options.signal ? { signal: options.signal } : {}) });
  const events: SseEvent[] = [];
  if (!res.body || res.status !== 200) return { status: res.status, contentType: res.headers.get('content-type') ?? '', events };
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = res.body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.startsWith(':')) continue;
      const fields = Object.fromEntries(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
      const event = { event: fields.event ?? 'message', id: fields.id, data: fields.data ?? '' };
      events.push(event);
      if (options.stopAfter?.(event)) {
        await reader.cancel();
        return { status: res.status, contentType: res.headers.get('content-type') ?? '', events };
      }
    }
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', events };
}
