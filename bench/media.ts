/**
 * Media jobs on an uploaded video (issue 17). Prints one JSON line.
 *
 *   node --import tsx bench/media.ts [--seconds 60] [--height 1080] [--long-seconds 600] [--long-height 360] [--segments 2] [--repeat 1] [--only transcode]
 *
 * 1. A `--seconds` testsrc2 input at `--height` (16:9, 30 fps, with a tone) to MP4 H.264 crf 23
 *    veryfast through runMediaJob, against the very same FFmpeg command run by hand: the
 *    pipeline's overhead (probe, -progress parsing, the output probe) should be ≤ 5 %.
 * 2. The HLS ladder 1080p/720p/480p from one decode (one FFmpeg) against three separate encodes
 *    of the same renditions.
 * 3. A `--long-seconds` input transcoded whole, then split into `--segments` segments encoded in
 *    parallel on this machine and joined by stream copy.
 *
 * Each figure has its wall time and the CPU time of the FFmpeg processes it ran (children's
 * utime+stime from /proc/self/stat): on a shared machine the wall time moves with the
 * neighbours' load, the CPU time much less.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { hlsArgs, mediaLadder, prepareHlsFolders } from '../src/media-jobs/hls.ts';
import { inspectInput } from '../src/media-jobs/inspect-input.ts';
import { runMediaJob } from '../src/media-jobs/pipeline.ts';
import { splitTranscode } from '../src/media-jobs/segments.ts';
import type { TranscodeOutput } from '../src/media-jobs/spec.ts';
import { outputSize, transcodeArgs } from '../src/media-jobs/video-args.ts';
import { machine, round } from './lib.ts';
import { loadAverage } from './media-lib.ts';

const run = promisify(execFile);
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg('--seconds', 60);
const height = arg('--height', 1080);
const longSeconds = arg('--long-seconds', 600);
const longHeight = arg('--long-height', 360);
const segments = arg('--segments', 2);
/** Runs of the hand/pipeline pair, interleaved (the best of each is kept): load swings hit both alike. */
const repeat = arg('--repeat', 1);
/** `--only transcode`: just part 1. */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

/** CPU seconds of the children this process has reaped (cutime + cstime). */
function childCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; cpuSeconds: number; value: T }> {
  const cpu = childCpu();
  const started = performance.now();
  const value = await work();
  return { seconds: round((performance.now() - started) / 1000), cpuSeconds: round(childCpu() - cpu), value };
}

async function makeInput(file: string, s: number, h: number): Promise<void> {
  const w = Math.round((h * 16) / 9 / 2) * 2;
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${w}x${h}:rate=30:duration=${s}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${s}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
  ]);
}

const ffmpeg = (args: string[]) => run('ffmpeg', args, { maxBuffer: 64 * 1024 * 1024 });

const work = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-media-'));
try {
  const loadBefore = loadAverage();
  const input = path.join(work, 'input.mp4');
  await makeInput(input, seconds, height);
  const info = await inspectInput(input, 'input');
  const transcode: TranscodeOutput = { type: 'transcode', format: 'mp4', crf: 23, preset: 'veryfast' };

  // 1. Pipeline vs the same command by hand (the hand run first: the file cache is warm for both).
  const handArgs = transcodeArgs({ input, output: path.join(work, 'hand.mp4'), options: transcode, size: outputSize(info.video!, transcode), fps: info.video!.fps, audio: true });
  const best = <T>(runs: Array<{ seconds: number; cpuSeconds: number; value: T }>) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const hands: Array<Awaited<ReturnType<typeof timed<unknown>>>> = [];
  const ourRuns: Array<Awaited<ReturnType<typeof timed<unknown>>>> = [];
  for (let i = 0; i < repeat; i++) {
    hands.push(await timed(() => ffmpeg(handArgs)));
    ourRuns.push(await timed(() => runMediaJob({ input, info: undefined, outputs: [transcode], workDir: path.join(work, `ours-${i}`) })));
  }
  const hand = best(hands);
  const ours = best(ourRuns);
  const part1 = {
    byHand: { seconds: hand.seconds, cpuSeconds: hand.cpuSeconds, runs: hands.map((r) => r.seconds) },
    pipeline: { seconds: ours.seconds, cpuSeconds: ours.cpuSeconds, runs: ourRuns.map((r) => r.seconds) },
    overheadWall: round(ours.seconds / hand.seconds - 1, 3),
    overheadCpu: round(ours.cpuSeconds / hand.cpuSeconds - 1, 3),
  };
  if (only === 'transcode') {
    console.log(JSON.stringify({ bench: 'media', machine: machine(), date: new Date().toISOString(), loadAverage: `${loadBefore} → ${loadAverage()}`, input: { seconds, width: info.video!.width, height: info.video!.height, fps: info.video!.fps }, transcodeMp4Crf23Veryfast: part1 }));
    rmSync(work, { recursive: true, force: true });
    process.exit(0);
  }

  // 2. The HLS ladder from one decode vs three separate encodes.
  const hls = { type: 'hls' as const, renditions: [{ height: 1080 }, { height: 720 }, { height: 480 }], preset: 'veryfast' as const };
  const oneDecode = await timed(() => runMediaJob({ input, info, outputs: [hls], workDir: path.join(work, 'hls-one') }));
  const inputSize = outputSize(info.video!, {});
  const ladder = mediaLadder(inputSize, hls);
  const separate = await timed(async () => {
    for (const r of ladder) {
      const folder = path.join(work, 'hls-three', r.name);
      const spec = { input, folder, inputSize, fps: info.video!.fps, ladder: [r], audio: true, segmentSeconds: 6, preset: 'veryfast', watermark: undefined };
      await prepareHlsFolders(spec);
      await ffmpeg(hlsArgs(spec));
    }
  });

  // 3. A long input whole vs split into segments encoded in parallel, joined by stream copy.
  const longInput = path.join(work, 'long.mp4');
  await makeInput(longInput, longSeconds, longHeight);
  const longInfo = await inspectInput(longInput, 'long');
  const whole = await timed(() => ffmpeg(transcodeArgs({ input: longInput, output: path.join(work, 'long-whole.mp4'), options: transcode, size: outputSize(longInfo.video!, transcode), fps: longInfo.video!.fps, audio: true })));
  mkdirSync(path.join(work, 'split'));
  const split = await timed(() => splitTranscode({ input: longInput, info: longInfo, options: transcode, count: segments, parallel: segments, workDir: path.join(work, 'split'), output: path.join(work, 'long-split.mp4') }));

  console.log(
    JSON.stringify({
      bench: 'media',
      machine: machine(),
      date: new Date().toISOString(),
      loadAverage: `${loadBefore} → ${loadAverage()}`,
      input: { seconds, width: info.video!.width, height: info.video!.height, fps: info.video!.fps },
      transcodeMp4Crf23Veryfast: part1,
      hlsLadder: {
        renditions: ladder.map((r) => r.name),
        oneDecode: { seconds: oneDecode.seconds, cpuSeconds: oneDecode.cpuSeconds },
        threeEncodes: { seconds: separate.seconds, cpuSeconds: separate.cpuSeconds },
        speedup: round(separate.seconds / oneDecode.seconds),
      },
      longInput: {
        seconds: longSeconds,
        height: longHeight,
        whole: { seconds: whole.seconds, cpuSeconds: whole.cpuSeconds },
        split: { segments, parallel: segments, seconds: split.seconds, cpuSeconds: split.cpuSeconds, starts: split.value.map((p) => p.start) },
        speedup: round(whole.seconds / split.seconds),
      },
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
