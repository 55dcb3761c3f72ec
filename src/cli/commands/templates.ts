import type { Command } from 'commander';
import { loadProject, type GlobalFlags } from '../context.ts';

/** 24000/1001 as `23.976`, not `23.976023976023978` (JSON keeps the exact number). */
function fpsText(fps: number): string {
  return String(Number(fps.toFixed(3)));
}

export function registerTemplatesCommand(program: Command): void {
  program
    .command('templates')
    .description('List the templates of the project: ids, sizes, durations and props schemas')
    .option('--json', 'Print JSON (with each props JSON Schema and defaults)')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const project = await loadProject(command.optsWithGlobals<GlobalFlags>());
      const catalog = await project.catalog();
      const list = catalog.list();
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      for (const t of list) {
        const seconds = (t.durationInFrames / t.fps).toFixed(1);
        const props = Object.keys((t.propsSchema.properties as Record<string, unknown>) ?? {}).join(', ');
        const folder = t.folder ? `  folder: ${t.folder}` : '';
        process.stdout.write(
          `${t.id.padEnd(20)} ${`${t.width}x${t.height}`.padEnd(10)} ${`${fpsText(t.fps)} fps`.padEnd(10)} ${`${t.durationInFrames} ${t.durationInFrames === 1 ? 'frame' : 'frames'} (${seconds}s)`.padEnd(22)} props: ${props}${folder}\n`,
        );
      }
    });
}
