import type { Response } from 'express';
import yazl from 'yazl';
import type { RenderStore } from '../renders/render-store.ts';
import type { Storage } from '../storage/storage.ts';
import type { BatchRowEntry } from './batch-store.ts';

/**
 * Streams a zip of a batch's outputs, each under its pattern name. Entries are stored, not
 * deflated (video is compressed already), and each file is opened only when the zip reaches it,
 * so a batch of thousands holds one file open at a time and nothing is buffered whole.
 */
export async function streamBatchZip(res: Response, deps: { storage: Storage; renders: RenderStore }, rows: readonly BatchRowEntry[], zipName: string, signal: AbortSignal): Promise<number> {
  const renders = await deps.renders.getMany(rows.map((r) => r.renderId));
  const zip = new yazl.ZipFile();
  let entries = 0;
  for (const row of rows) {
    const output = renders.get(row.renderId);
    if (output?.status !== 'succeeded' || !output.output) continue;
    const key = output.output.key;
    entries++;
    zip.addReadStreamLazy(row.name, { compress: false, mtime: new Date(output.finishedAt ?? output.createdAt) }, (cb) => {
      deps.storage.openRead(key, { signal }).then(
        (stream) => cb(null, stream),
        (error: unknown) => cb(error, undefined as never),
      );
    });
  }
  zip.end();
  res.status(200).setHeader('content-type', 'application/zip');
  res.setHeader('content-disposition', `attachment; filename="${zipName}"`);
  res.setHeader('cache-control', 'private, no-cache');
  await new Promise<void>((resolve) => {
    const out = zip.outputStream;
    // Headers are gone by then: all a failure can still do is cut the download short.
    out.on('error', (error: Error) => res.destroy(error));
    res.on('close', resolve);
    out.pipe(res);
  });
  return entries;
}
