/**
 * Audio-only render of a 60 s mix: five sources (music-like tones, a looped 2 s sting, a clip
 * at double speed, per-frame fades) mixed to MP3, AAC and WAV. No frame is captured: the time
 * is the scan of 1,800 frames in the page plus one FFmpeg mix. Prints one JSON line.
 *
 *   node --import tsx bench/audio-mix.ts
 */
import path from 'node:path';
import { RenderHost } from '../src/render/render-host.ts';
import { renderMedia } from '../src/render/render-media.ts';
import { machine, round } from './lib.ts';
import { fixtureWorkspace, loadAverage, run } from './media-lib.ts';

const ws = fixtureWorkspace();
try {
  const tone = (name: string, hz: number, seconds: number) =>
    run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=${seconds}:sample_rate=44100`, '-ac', '2', path.join(ws.publicDir, name)]);
  await Promise.all([tone('bed.wav', 220, 70), tone('lead.mp3', 440, 30), tone('sting.wav', 880, 2), tone('fx.wav', 660, 20)]);
  const props = {
    durationInFrames: 1800,
    clips: [
      { src: 'bed.wav', volume: 0.6, fadeInFrames: 90 },
      { src: 'lead.mp3', from: 300, durationInFrames: 900, volume: 0.8, fadeInFrames: 30 },
      { src: 'sting.wav', from: 600, durationInFrames: 600, loop: true, volume: 0.3 },
      { src: 'fx.wav', from: 1200, playbackRate: 2, volume: 0.5 },
      { src: 'lead.mp3', from: 1500, trimStart: 150, volume: 0.4 },
    ],
  };
  const host = new RenderHost();
  // Warm-up: bundle and browser start are not what this measures.
  await renderMedia({ project: ws.project, host, template: 'audio-clips', format: 'wav', props: { ...props, durationInFrames: 30 }, output: path.join(ws.dir, 'warm.wav') });
  const results: Record<string, number> = {};
  let scanMs = 0;
  for (const format of ['mp3', 'aac', 'wav'] as const) {
    const r = await renderMedia({ project: ws.project, host, template: 'audio-clips', format, props, output: path.join(ws.dir, `mix.${format}`) });
    if (r.timings.capturedFrames !== 0) throw new Error('an audio-only render captured frames');
    results[`${format}Seconds`] = round(r.timings.totalMs / 1000);
    if (format === 'mp3') scanMs = r.timings.totalMs - r.timings.finalizeMs - r.timings.bundleMs;
    if (format === 'mp3') results.mixMs = round(r.timings.finalizeMs, 0);
  }
  await host.close();
  console.log(JSON.stringify({ bench: 'audio-mix', machine: machine(), loadAverage: loadAverage(), mixSeconds: 60, frames: 1800, sources: props.clips.length, ...results, scanMs: round(scanMs, 0) }));
} finally {
  ws.cleanup();
}
