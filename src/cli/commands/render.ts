import path from 'node:path';
import type { Command } from 'commander';
import { renderMedia } from '../../render/render-media.ts';
import { loadProject, interruptSignal, type GlobalFlags } from '../context.ts';
import { addRenderOptionFlags, renderOptionsFromFlags } from '../option-flags.ts';
import { parseProps } from '../parse-props.ts';
import { createProgressBar } from '../progress-bar.ts';

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} kB`;
}

export function registerRenderCommand(program: Command): void {
  const command = program
    .command('render')
    .description('Render a template to a video file')
    .argument('<template>', 'template id (see `framewright templates`)')
    .argument('<output>', 'output file, e.g. out/video.mp4')
    .option('--props <json|@file>', 'props as JSON, or @path to a JSON file');
  addRenderOptionFlags(command);
  command.action(async (template: string, output: string, flags: Record<string, unknown>, cmd: Command) => {
    const props = parseProps(flags.props as string | undefined);
    const project = await loadProject(cmd.optsWithGlobals<GlobalFlags>());
    const bar = createProgressBar(template);
    const interrupt = interruptSignal();
    try {
      const result = await renderMedia({
        project,
        template,
        props,
        output: path.resolve(output),
        ...renderOptionsFromFlags(flags),
        signal: interrupt.signal,
        onProgress: bar.update,
      });
      bar.stop();
      const seconds = result.timings.totalMs / 1000;
      process.stdout.write(
        `Rendered ${result.frames} frames in ${seconds.toFixed(1)}s (${(result.frames / seconds).toFixed(1)} fps) → ${output} (${formatBytes(result.bytes)}, ${result.width}x${result.height}, ${result.durationSeconds.toFixed(2)}s)\n`,
      );
      for (const w of result.warnings) process.stderr.write(`warning [${w.code}]: ${w.message}\n`);
    } finally {
      bar.stop();
      interrupt.dispose();
    }
  });
}
