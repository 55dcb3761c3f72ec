import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { colorDistance, decodeFrames, meanColor, probe, videoStream } from '../helpers/media.ts';
import { tempDir } from '../helpers/project.ts';
import { spawnCli, type CliProcess } from './helpers/cli-process.ts';

const scratch = tempDir('fw-batch-cli-');
const processes: CliProcess[] = [];

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  scratch.cleanup();
});

async function batch(args: string[]): Promise<{ code: number | null; output: string }> {
  const proc = spawnCli(['batch', ...args], { LOG_LEVEL: 'silent' });
  processes.push(proc);
  const { code } = await proc.exited;
  return { code, output: proc.output };
}

describe('framewright batch (local, no server)', () => {
  it('renders every valid CSV row under its pattern name, lists the invalid row by row, line and field, and exits 2', async () => {
    const rows = path.join(scratch.dir, 'rows.csv');
    await writeFile(rows, '\uFEFFsku,lang,bg.r,bg.g,price.amount,show\n"../x, y",en,250,10,2,true\nbad,de,10,10,oops,false\nok,fr,10,250,3,no\n');
    const out = path.join(scratch.dir, 'out-csv');
    const result = await batch(['batch-card', rows, '--out', out, '--naming', '{{sku}}-{{lang}}.mp4', '--preset', 'ultrafast', '--concurrency', '2']);
    expect(result.code, result.output).toBe(2);
    expect(result.output).toMatch(/Rendered 2 of 3 rows/);
    expect(result.output).toMatch(/invalid row 2 \(line 3\): price\.amount: /);
    expect((await readdir(out)).sort()).toEqual(['_x, y-en.mp4', 'ok-fr.mp4']);
    const file = path.join(out, 'ok-fr.mp4');
    expect(Number(videoStream(await probe(file)).nb_read_frames)).toBe(3);
    const [frame] = await decodeFrames(file, 160, 90);
    expect(colorDistance(meanColor(frame!, 160, 110, 45), [10, 250, 0])).toBeLessThan(14);
  });

  it('exits 0 when every JSON row rendered, and 1 when a render failed', async () => {
    const good = path.join(scratch.dir, 'rows.json');
    await writeFile(good, JSON.stringify([{ sku: 'a' }, { sku: 'b', 'bg.b': '200' }]));
    const out = path.join(scratch.dir, 'out-json');
    const ok = await batch(['batch-card', good, '--out', out, '--preset', 'ultrafast']);
    expect(ok.code, ok.output).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['1.mp4', '2.mp4']);

    // Valid props, but the image cannot load outside the service: the render fails.
    const failing = path.join(scratch.dir, 'fail.json');
    await writeFile(failing, JSON.stringify({ rows: [{ image: `asset:${'0'.repeat(64)}` }] }));
    const failed = await batch(['asset-image', failing, '--out', path.join(scratch.dir, 'out-fail'), '--preset', 'ultrafast']);
    expect(failed.code, failed.output).toBe(1);
    expect(failed.output).toMatch(/failed row 1: \[ASSET_FETCH_FAILED\]/);
  });
  it('exits 2 naming the problem, and writes nothing, for a file with no rows or with no column that is a prop', async () => {
    const empty = path.join(scratch.dir, 'header-only.csv');
    await writeFile(empty, 'sku,lang\r\n');
    const noRows = await batch(['batch-card', empty, '--out', path.join(scratch.dir, 'out-empty')]);
    expect(noRows.code, noRows.output).toBe(2);
    expect(noRows.output).toMatch(/error \[INVALID_OPTIONS\]: .*header-only\.csv has no rows/);

    const wrongSheet = path.join(scratch.dir, 'wrong-sheet.csv');
    await writeFile(wrongSheet, 'Product Name,Colour\nShoe,red\n');
    const none = await batch(['batch-card', wrongSheet, '--out', path.join(scratch.dir, 'out-wrong')]);
    expect(none.code, none.output).toBe(2);
    expect(none.output).toMatch(/error \[INVALID_BODY\]: None of the columns \("Product Name", "Colour"\) is a prop of template "batch-card"/);
    expect(existsSync(path.join(scratch.dir, 'out-wrong'))).toBe(false);
  });

  it('reads a semicolon-separated export and lists the columns it ignored in the summary', async () => {
    const rows = path.join(scratch.dir, 'semi.csv');
    await writeFile(rows, 'sku;bg.g;Lang\r\nsemi;250;de\r\n');
    const out = path.join(scratch.dir, 'out-semi');
    const result = await batch(['batch-card', rows, '--out', out, '--naming', '{{sku}}.mp4', '--preset', 'ultrafast']);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/ignored columns \(not props of "batch-card"\): "Lang"/);
    expect(await readdir(out)).toEqual(['semi.mp4']);
    const [frame] = await decodeFrames(path.join(out, 'semi.mp4'), 160, 90);
    expect(colorDistance(meanColor(frame!, 160, 110, 45), [0, 250, 0])).toBeLessThan(14);
  });
});
