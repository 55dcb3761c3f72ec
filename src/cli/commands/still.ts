import path from 'node:path';
import type { Command } from 'commander';
import { renderStill, STILL_FORMATS, type StillFormat } from '../../render/render-still.ts';
import { loadProject, interruptSignal, type GlobalFlags } from '../context.ts';
import { cliStillFormat } from '../output-format.ts';
import { parseProps } from '../parse-props.ts';
import { Option } from 'commander';

// The text stays text when it is no number, for the schema to refuse by name; so does an empty
// one, which Number() would read as 0 (`--frame ""` is not frame 0).
const asNumber = (t: string | undefined) => (t === undefined ? undefined : t.trim() === '' || Number.isNaN(Number(t)) ? t : Number(t));

export function registerStillCommand(program: Command): void {
  program
    .command('still')
    .description('Render one frame of a template as PNG, JPEG or WebP')
    .argument('<template>', 'template id')
    .argument('<output>', 'output image; the extension picks the format unless --image-format is given')
    .option('--props <json|@file>', 'props as JSON, or @path to a JSON file')
    .option('--frame <n>', 'frame number (0-based)', '0')
    .addOption(new Option('--image-format <format>', 'png, jpeg or webp').choices([...STILL_FORMATS]))
    .option('--quality <q>', 'JPEG/WebP quality 1–100 (default 90; PNG is lossless and takes none)')
    .option('--scale <factor>', 'device pixel ratio, e.g. 2 for a retina still')
    .option('--timeout <ms>', 'how long a delayRender() handle may stay open before the still fails (default 30000)')
    .option('--allow-private-network', 'let the template load remote assets from loopback/private addresses (off: SSRF guard)')
    .action(async (template: string, output: string, flags: Record<string, string | undefined>, cmd: Command) => {
      const props = parseProps(flags.props);
      const format = cliStillFormat(output, flags.imageFormat as StillFormat | undefined);
      const project = await loadProject(cmd.optsWithGlobals<GlobalFlags>());
      const interrupt = interruptSignal();
      try {
        const started = performance.now();
        const result = await renderStill({
          project,
          template,
          props,
          output: path.resolve(output),
          format,
          frame: asNumber(flags.frame) as number,
          ...(flags.quality !== undefined ? { quality: asNumber(flags.quality) as number } : {}),
          ...(flags.scale !== undefined ? { scale: asNumber(flags.scale) as number } : {}),
          ...(flags.timeout !== undefined ? { delayRenderTimeoutMs: asNumber(flags.timeout) as number } : {}),
          ...(flags.allowPrivateNetwork ? { remoteAssets: { allowPrivateNetwork: true } } : {}),
          signal: interrupt.signal,
        });
        for (const w of result.warnings) process.stderr.write(`warning [${w.code}]: ${w.message}\n`);
        process.stdout.write(
          `Rendered frame ${result.frame} (${result.width}x${result.height} ${result.format}) in ${((performance.now() - started) / 1000).toFixed(2)}s → ${output}\n`,
        );
      } finally {
        interrupt.dispose();
      }
    });
}
