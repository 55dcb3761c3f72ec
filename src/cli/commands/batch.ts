import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { outputNames } from '../../batch/naming.ts';
import { checkColumns, rowToProps } from '../../batch/row-props.ts';
import { parseRowsFile, type InputRow } from '../../batch/rows.ts';
import { FramewrightError, toFramewrightError, type ErrorIssue } from '../../errors/index.ts';
import { FORMATS, formatFromFileName } from '../../render/formats/formats.ts';
import { renderOptions, type RenderOptionName } from '../../render/options/registry.ts';
import { resolveRenderOptions } from '../../render/options/resolve-options.ts';
import { RenderHost } from '../../render/render-host.ts';
import { renderMedia } from '../../render/render-media.ts';
import { EXIT_BAD_INPUT, EXIT_FAILURE } from '../cli-error.ts';
import { interruptSignal, loadProject, type GlobalFlags } from '../context.ts';
import { addRenderOptionFlags, renderOptionsFromFlags } from '../option-flags.ts';
import { createTerminalBar } from '../progress-bar.ts';

interface RowProblem {
  row: number;
  line?: number | undefined;
  code: string;
  message: string;
}

function describeIssues(issues: readonly ErrorIssue[], fallback: string): string {
  return issues.length ? issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') : fallback;
}

function where(p: RowProblem): string {
  return `row ${p.row}${p.line ? ` (line ${p.line})` : ''}`;
}

/**
 * One overall bar for the whole batch (silent when stderr is not a terminal). `finished` counts
 * whole videos; `partial` adds the fractions of those still rendering, so the bar moves smoothly.
 */
export function batchBar(videos: number, options: { stream?: NodeJS.WriteStream } = {}) {
  const bar = createTerminalBar('batch [{bar}] {percentage}% | {finished}/{videos} videos | {failed} failed | ETA {eta_formatted}', options);
  return {
    update: (finished: number, partial: number, failed: number) => bar.update(videos === 0 ? 1 : (finished + partial) / videos, { finished, videos, failed }),
    stop: bar.stop,
  };
}

export function registerBatchCommand(program: Command): void {
  const command = program
    .command('batch')
    .description('Render a template once per row of a CSV or JSON file, locally (no server)')
    .argument('<template>', 'template id (see `framewright templates`)')
    .argument('<rows>', 'rows.csv (a header names the columns; dotted names nest) or rows.json (an array of objects)')
    .requiredOption('--out <dir>', 'folder for the videos (created if missing)')
    .option('--naming <pattern>', 'file name pattern, e.g. "{{sku}}-{{lang}}.mp4" (default: the row number)')
    .option('--concurrency <n>', 'videos rendered at once', '1');
  // Every render option but the registry's own --concurrency (pages per video).
  addRenderOptionFlags(command, (Object.keys(renderOptions) as RenderOptionName[]).filter((n) => n !== 'concurrency'));
  command.action(async (template: string, rowsFile: string, flags: Record<string, unknown>, cmd: Command) => {
    const lanes = Number(flags.concurrency);
    if (!Number.isInteger(lanes) || lanes < 1 || lanes > 64) throw new FramewrightError('INVALID_OPTIONS', `"--concurrency" must be a whole number from 1 to 64, got ${JSON.stringify(flags.concurrency)}`);
    const { concurrency: _videos, ...engineFlags } = flags;
    const options = renderOptionsFromFlags(engineFlags);
    // The pattern's extension picks the format unless --format does.
    const inferred = options.format === undefined && typeof flags.naming === 'string' ? formatFromFileName(flags.naming) : undefined;
    if (inferred) Object.assign(options, { format: inferred });
    const resolved = resolveRenderOptions(options);

    const content = await readFile(rowsFile).catch((error: unknown) => {
      throw new FramewrightError('INVALID_OPTIONS', `Cannot read ${rowsFile}: ${(error as Error).message}`, { cause: error });
    });
    const rows = parseRowsFile(rowsFile, content);
    // A header with nothing under it (the wrong sheet exported) is not a batch that "all rendered".
    if (!rows.length) throw new FramewrightError('INVALID_OPTIONS', `${rowsFile} has no rows: a CSV needs a header line and one line per video, a JSON file an array of row objects`);
    const project = await loadProject(cmd.optsWithGlobals<GlobalFlags>());
    const catalog = await project.catalog();
    const info = catalog.info(template);
    const ignoredColumns = checkColumns(rows, { id: template, propsSchema: info.propsSchema });

    // Every row is checked before anything renders: a typo in row 900 should not cost 899 videos first.
    const invalid: RowProblem[] = [];
    const valid: Array<{ input: InputRow; props: Record<string, unknown> }> = [];
    for (const row of rows) {
      const { props, issues } = rowToProps(row.cells, info.propsSchema, info.defaultProps);
      if (issues.length) {
        invalid.push({ row: row.row, line: row.line, code: 'INVALID_PROPS', message: describeIssues(issues, 'invalid cells') });
        continue;
      }
      try {
        await catalog.resolve(template, props);
        valid.push({ input: row, props });
      } catch (error) {
        const e = toFramewrightError(error);
        if (e.kind !== 'input' && e.kind !== 'template') throw error;
        invalid.push({ row: row.row, line: row.line, code: e.code, message: describeIssues(e.issues, e.message) });
      }
    }

    const extension = resolved.format === 'hls' ? 'zip' : FORMATS[resolved.format].extension.slice(1);
    const names = outputNames(typeof flags.naming === 'string' ? flags.naming : undefined, valid.map((v) => ({ row: v.input.row, cells: v.input.cells, props: v.props })), extension);
    const outDir = path.resolve(String(flags.out));
    await mkdir(outDir, { recursive: true });

    const started = performance.now();
    const failed: RowProblem[] = [];
    let rendered = 0;
    const progress = new Map<number, number>();
    const bar = batchBar(valid.length);
    const redraw = () => bar.update(rendered + failed.length, [...progress.values()].reduce((a, b) => a + b, 0), failed.length);
    redraw(); // the bar is there from the start, before the first video reports
    // As many warm tabs as videos render at once, each with its pages: every tab is reused row after row.
    const host = new RenderHost({ spareTabsPerSite: lanes * resolved.concurrency });
    const interrupt = interruptSignal();
    let next = 0;
    const lane = async () => {
      while (next < valid.length && !interrupt.signal.aborted) {
        const i = next++;
        const { input, props } = valid[i]!;
        try {
          await renderMedia({ project, template, props, output: path.join(outDir, names[i]!), ...options, host, signal: interrupt.signal, onProgress: (p) => (progress.set(i, p.progress), redraw()) });
          rendered++;
        } catch (error) {
          if (interrupt.signal.aborted) throw error;
          const e = toFramewrightError(error);
          failed.push({ row: input.row, line: input.line, code: e.code, message: e.message });
        } finally {
          progress.delete(i);
          redraw();
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(lanes, Math.max(1, valid.length)) }, lane));
    } finally {
      bar.stop();
      interrupt.dispose();
      await host.close();
    }

    const seconds = (performance.now() - started) / 1000;
    const lines = [`Rendered ${rendered} of ${rows.length} rows in ${seconds.toFixed(1)}s → ${outDir}${invalid.length ? ` (${invalid.length} invalid)` : ''}${failed.length ? ` (${failed.length} failed)` : ''}`];
    if (ignoredColumns.length) lines.push(`  ignored columns (not props of "${template}"): ${ignoredColumns.map((c) => JSON.stringify(c)).join(', ')}`);
    for (const p of invalid) lines.push(`  invalid ${where(p)}: ${p.message}`);
    for (const p of failed.sort((a, b) => a.row - b.row)) lines.push(`  failed ${where(p)}: [${p.code}] ${p.message}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    // 0 only when every row rendered; 2 when rows were invalid; 1 when renders failed.
    if (invalid.length) process.exitCode = EXIT_BAD_INPUT;
    else if (failed.length) process.exitCode = EXIT_FAILURE;
  });
}
