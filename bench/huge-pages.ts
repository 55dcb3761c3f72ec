/**
 * What the host's transparent-huge-pages setting does to capture: A/B rounds, interleaved, of
 * `capture-paths.ts --only jpeg` (and with `--render`, of `render.ts`) with THP as the machine
 * has it by default and with `always` for anonymous and shared memory. Needs root, because it
 * writes /sys/kernel/mm/transparent_hugepage; whatever happens it puts the original back.
 * Prints one JSON line.
 *
 *   sudo node --import tsx bench/huge-pages.ts [--rounds 2] [--render]
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readHugePages, THP_SYSFS as SYSFS, type HugePagesSetting } from '../src/render/huge-pages.ts';
import { benchHead, round } from './lib.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 2;
const withRender = process.argv.includes('--render');

const original = readHugePages();
if (!original) throw new Error(`no transparent-huge-pages setting to read under ${SYSFS}`);
const always: HugePagesSetting = { anonymous: 'always', shmem: 'always' };
// The machine's own setting, unless it already is `always`: then compare with the usual default.
const baseline: HugePagesSetting = original.anonymous === 'always' ? { anonymous: 'madvise', shmem: 'never' } : original;

function apply(setting: HugePagesSetting): void {
  writeFileSync(`${SYSFS}/enabled`, setting.anonymous);
  writeFileSync(`${SYSFS}/shmem_enabled`, setting.shmem);
  const now = readHugePages();
  if (now?.anonymous !== setting.anonymous || now.shmem !== setting.shmem) throw new Error(`THP did not take ${JSON.stringify(setting)}: ${JSON.stringify(now)}`);
}

/** Runs a bench script and returns its JSON line. */
function bench(script: string, args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', `bench/${script}`, ...args], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const line = out.trim().split('\n').at(-1)!;
  return JSON.parse(line) as Record<string, unknown>;
}

interface Sample {
  captureCpuMsPerFrame: number;
  gpuProcessPageFaultsPerFrame: number;
  renderFps?: number;
  renderOverEncodeOnly?: number;
}

function sample(): Sample {
  const paths = bench('capture-paths.ts', ['--frames', '90', '--only', 'jpeg']).paths as Array<{ totalCpuMsPerFrame: number; pageFaultsPerFrame: Record<string, number> }>;
  const jpeg = paths[0]!;
  const s: Sample = { captureCpuMsPerFrame: jpeg.totalCpuMsPerFrame, gpuProcessPageFaultsPerFrame: jpeg.pageFaultsPerFrame['gpu-process'] ?? 0 };
  if (withRender) {
    const render = bench('render.ts', []);
    s.renderFps = render.fps as number;
    s.renderOverEncodeOnly = render.fpsOverEncodeOnly as number;
  }
  return s;
}

const results: { baseline: Sample[]; always: Sample[] } = { baseline: [], always: [] };
try {
  for (let r = 0; r < rounds; r++) {
    apply(baseline);
    results.baseline.push(sample());
    apply(always);
    results.always.push(sample());
  }
} finally {
  apply(original);
}

const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / xs.length, 1);
const summary = (xs: Sample[]) => ({
  captureCpuMsPerFrame: xs.map((x) => x.captureCpuMsPerFrame),
  meanCaptureCpuMsPerFrame: mean(xs.map((x) => x.captureCpuMsPerFrame)),
  gpuProcessPageFaultsPerFrame: xs.map((x) => x.gpuProcessPageFaultsPerFrame),
  ...(withRender ? { renderFps: xs.map((x) => x.renderFps), renderOverEncodeOnly: xs.map((x) => x.renderOverEncodeOnly) } : {}),
});
const off = summary(results.baseline);
const on = summary(results.always);
console.log(
  JSON.stringify({
    ...benchHead('huge-pages'),
    rounds,
    baselineSetting: baseline,
    baseline: off,
    always: on,
    captureCpuSaved: round(1 - on.meanCaptureCpuMsPerFrame / off.meanCaptureCpuMsPerFrame, 2),
  }),
);
