/**
 * A 10 s `<Video>` clip (1080p30 H.264, moving test pattern) shown full frame in a 1080p30
 * template, rendered to MP4 (crf 18, medium): frames decoded by FFmpeg on the Node side, served
 * to the page as raw RGBA and drawn on a canvas. Prints one JSON line.
 *
 *   node --import tsx bench/video-clip.ts [--seconds 10]
 */
import path from 'node:path';
import { RenderHost } from '../src/render/render-host.ts';
import { renderMedia } from '../src/render/render-media.ts';
import { machine, round, startRssSampler } from './lib.ts';
import { fixtureWorkspace, loadAverage, run } from './media-lib.ts';

const secondsArg = process.argv.indexOf('--seconds');
const seconds = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 10;
const ws = fixtureWorkspace();
try {
  await run('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path.join(ws.publicDir, 'clip.mp4'),
  ]);
  const frames = seconds * 30;
  const props = { src: 'clip.mp4', width: 1920, height: 1080, durationInFrames: frames };
  const host = new RenderHost();
  // Warm-up: bundle and browser start are not what this measures.
  await renderMedia({ project: ws.project, host, template: 'video-clip', props: { ...props, durationInFrames: 5 }, output: path.join(ws.dir, 'warm.mp4') });
  const load = loadAverage();
  const sampler = startRssSampler();
  const r = await renderMedia({ project: ws.project, host, template: 'video-clip', props, output: path.join(ws.dir, 'clip-out.mp4') });
  const rss = sampler.stop();
  await host.close();
  const t = r.timings;
  console.log(
    JSON.stringify({
      bench: 'video-clip',
      machine: machine(),
      loadAverage: `${load} → ${loadAverage()}`,
      frames: r.frames,
      size: `${r.width}x${r.height}`,
      fps: round(r.frames / (t.totalMs / 1000)),
      pipelineFps: round(r.frames / (t.pipelineMs / 1000)),
      seekMsPerFrame: round(t.seekMs / r.frames),
      captureMsPerFrame: round(t.captureMs / Math.max(1, t.capturedFrames)),
      waitOnEncoderMs: round(t.waitMs, 0),
      muxMs: round(t.finalizeMs, 0),
      hasAudio: r.hasAudio,
      peakRssMb: rss.peakTreeRssMb,
    }),
  );
} finally {
  ws.cleanup();
}
