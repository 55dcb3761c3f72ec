import type { AudioMixPlan, AudioSegment } from './mix-plan.ts';
import { formatNumber, volumeFilter } from './volume-curve.ts';

export interface AudioMixGraph {
  /** Files to pass as FFmpeg inputs, in order, after any inputs that come before them. */
  inputs: string[];
  /** The filter graph (for -filter_complex_script); its output pad is `[aout]`. */
  graph: string;
}

/** atempo takes 0.5–100 per instance: slower rates chain several. */
export function atempoChain(rate: number): string[] {
  if (rate === 1) return [];
  const chain: string[] = [];
  let rest = rate;
  while (rest < 0.5) {
    chain.push('atempo=0.5');
    rest /= 0.5;
  }
  while (rest > 100) {
    chain.push('atempo=100');
    rest /= 100;
  }
  if (Math.abs(rest - 1) > 1e-9) chain.push(`atempo=${formatNumber(rest)}`);
  return chain;
}

function segmentChain(s: AudioSegment, input: number, sampleRate: number, label: string): string {
  const samples = (seconds: number) => Math.round(seconds * sampleRate);
  // FFmpeg's own mono-to-stereo upmix puts the channel in each ear 3 dB down; a browser (and so
  // the Studio and the Player) plays it at full level in both, which is what the author heard.
  const steps = [`aresample=${sampleRate}`, ...(s.mono ? ['pan=stereo|c0=c0|c1=c0'] : []), 'aformat=sample_fmts=fltp:channel_layouts=stereo'];
  // Sample 0 becomes the instant of the picture's first frame: silence before a sound that
  // starts later, a sound that starts earlier cut.
  const offset = samples(s.audioOffset);
  if (offset > 0) steps.push(`adelay=delays=${offset}S:all=1`);
  if (offset < 0) steps.push(`atrim=start_sample=${-offset}`, 'asetpts=N/SR/TB');
  if (s.loop) {
    const size = samples(s.loop.end) - samples(s.loop.start);
    steps.push(
      `atrim=start_sample=${samples(s.loop.start)}:end_sample=${samples(s.loop.end)}`,
      'asetpts=N/SR/TB',
      ...(s.loop.exact ? [`apad=whole_len=${size}`] : []),
      `aloop=loop=-1:size=${size}`,
      `atrim=start_sample=${samples(s.sourceStart) - samples(s.loop.start)}`,
    );
  } else {
    steps.push(`atrim=start_sample=${samples(s.sourceStart)}${s.sourceEnd !== undefined ? `:end_sample=${samples(s.sourceEnd)}` : ''}`);
  }
  steps.push('asetpts=N/SR/TB', ...atempoChain(s.playbackRate), `atrim=end_sample=${samples(s.duration)}`, 'asetpts=N/SR/TB');
  const volume = volumeFilter(s.volume);
  if (volume) steps.push(volume);
  const delay = samples(s.outputStart);
  if (delay > 0) steps.push(`adelay=delays=${delay}S:all=1`);
  return `[${input}:a]${steps.join(',')}[${label}]`;
}

/**
 * One filter graph that mixes every segment into `[aout]`: each source trimmed, looped, sped up,
 * given its volume envelope and delayed to its place, then summed (no normalisation, so a
 * clip's level does not depend on how many others play) and cut to the exact output length.
 * With no segment it is silence of that length. `firstInput` is the index of the first audio
 * input (after, say, the video being muxed).
 */
export function audioMixGraph(plan: AudioMixPlan, firstInput = 0): AudioMixGraph {
  const rate = plan.sampleRate;
  const totalSamples = Math.round(plan.duration * rate);
  const tail = `apad=whole_len=${totalSamples},atrim=end_sample=${totalSamples},asetpts=N/SR/TB[aout]`;
  if (plan.segments.length === 0) {
    return { inputs: [], graph: `anullsrc=r=${rate}:cl=stereo,${tail}` };
  }
  const chains = plan.segments.map((s, i) => segmentChain(s, firstInput + i, rate, `s${i}`));
  const pads = plan.segments.map((_, i) => `[s${i}]`).join('');
  const mix = plan.segments.length === 1 ? `${pads}${tail}` : `${pads}amix=inputs=${plan.segments.length}:normalize=0:duration=longest:dropout_transition=0,${tail}`;
  return { inputs: plan.segments.map((s) => s.file), graph: [...chains, mix].join(';\n') };
}
