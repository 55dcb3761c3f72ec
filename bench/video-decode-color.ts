/**
 * What turning a BT.709 `<Video>` source into the page's JPEG frames costs: FFmpeg CPU per 1080p
 * frame for the colour path the decoder takes now (the exact `colorspace` filter) against
 * swscale's matrix change it took before, on a generated 3 s 1080p30 BT.709 clip. Prints one JSON
 * line.
 *
 *   node --import tsx bench/video-decode-color.ts [--rounds 3]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeArgs } from '../src/render/media/video-decoder.ts';
import { machine, round } from './lib.ts';

const i = process.argv.indexOf('--rounds');
const rounds = i > 0 ? Number(process.argv[i + 1]) : 3;
const frames = 90;
const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-bench-decode-'));
try {
  const clip = path.join(dir, 'bt709.mp4');
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${frames / 30}`,
    '-vf', 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18',
    '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv', clip,
  ]);
  const cpuMsPerFrame = { colorspaceFilter: [] as number[], swscaleMatrix: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    // Without the stream's tags the decoder takes swscale's path, as it did for every source before.
    for (const [name, color] of [['colorspaceFilter', { space: 'bt709', range: 'tv' }], ['swscaleMatrix', {}]] as const) {
      const ran = spawnSync('/usr/bin/time', ['-f', '%U %S', 'ffmpeg', ...decodeArgs(clip, 30, 0, 'jpeg', 'yuv420p', color)], { stdio: ['ignore', 'ignore', 'pipe'] });
      const [user, system] = ran.stderr.toString().trim().split('\n').pop()!.split(' ').map(Number);
      cpuMsPerFrame[name].push(round(((user! + system!) * 1000) / frames, 1));
    }
  }
  console.log(JSON.stringify({ bench: 'video-decode-color', machine: machine(), frames, rounds, cpuMsPerFrame }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
