import path from 'node:path';
import type { Command } from 'commander';
import { formatFromFileName } from '../../render/formats/formats.ts';
import { resolveRenderOptions } from '../../render/options/resolve-options.ts';
import { renderMedia, type RenderMediaResult } from '../../render/render-media.ts';
import { loadProject, interruptSignal, type GlobalFlags } from '../context.ts';
import { cliVideoFormat } from '../output-format.ts';
import { addRenderOptionFlags, renderOptionsFromFlags } from '../option-flags.ts';
import { parseProps } from '../parse-props.ts';
import { createProgressBar } from '../progress-bar.ts';

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} kB`;
}

function summary(result: RenderMediaResult, output: string): string {
  const seconds = result.timings.totalMs / 1000;
  const what = result.frames === 0 || result.timings.capturedFrames + result.timings.reusedFrames === 0 ? 'Scanned' : 'Rendered';
  const size = result.format === 'mp3' || result.format === 'aac' || result.format === 'wav' ? 'audio' : `${result.width}x${result.height}`;
  const lines = [
    `${what} ${result.frames} ${result.frames === 1 ? 'frame' : 'frames'} in ${seconds.toFixed(1)}s (${(result.frames / seconds).toFixed(1)} fps) → ${output} (${result.format}, ${formatBytes(result.bytes)}, ${size}, ${result.durationSeconds.toFixed(2)}s${result.hasAudio ? ', with audio' : ''})`,
  ];
  if (result.capturedFrames + result.reusedFrames > 0) {
    lines.push(`  frames: ${result.capturedFrames} captured, ${result.reusedFrames} reused (nothing on them could change)`);
  }
  if (result.zip) lines.push(`  zip: ${result.zip}`);
  if (result.poster) lines.push(`  poster: ${result.poster}`);
  return `${lines.join('\n')}\n`;
}

export function registerRenderCommand(program: Command): void {
  const command = program
    .command('render')
    .description('Render a template to a video, GIF, PNG zip, sound file or HLS folder')
    .argument('<template>', 'template id (see `framewright templates`)')
    .argument('<output>', 'output file, e.g. out/video.mp4 (the extension picks the format: .mp4 .m4v .webm .mov .gif .zip .mp3 .aac .wav; none: mp4); a folder ending in / for hls')
    .option('--props <json|@file>', 'props as JSON, or @path to a JSON file')
    .option('--allow-private-network', 'let the template load remote assets from loopback/private addresses (off: SSRF guard)');
  addRenderOptionFlags(command);
  command.action(async (template: string, output: string, flags: Record<string, unknown>, cmd: Command) => {
    const props = parseProps(flags.props as string | undefined);
    const options = renderOptionsFromFlags(flags);
    // The flags' own errors first (they name the flag), then whether the output's name fits the
    // format: both before anything is bundled.
    resolveRenderOptions({ ...options, format: options.format ?? formatFromFileName(output) ?? 'mp4' });
    const format = cliVideoFormat(output, options.format);
    const project = await loadProject(cmd.optsWithGlobals<GlobalFlags>());
    const bar = createProgressBar(template);
    const interrupt = interruptSignal();
    try {
      const result = await renderMedia({
        project,
        template,
        props,
        output: path.resolve(output),
        ...options,
        ...(format ? { format } : {}),
        ...(flags.allowPrivateNetwork ? { remoteAssets: { allowPrivateNetwork: true } } : {}),
        signal: interrupt.signal,
        onProgress: bar.update,
      });
      bar.stop();
      process.stdout.write(summary(result, output));
      for (const w of result.warnings) process.stderr.write(`warning [${w.code}]: ${w.message}\n`);
    } finally {
      bar.stop();
      interrupt.dispose();
    }
  });
}
