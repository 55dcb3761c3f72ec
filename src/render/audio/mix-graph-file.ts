import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { audioMixGraph, type AudioMixGraph } from './mix-graph.ts';
import type { AudioMixPlan } from './mix-plan.ts';

/**
 * Writes the mix graph to a file for -filter_complex_script: graphs with many clips and volume
 * envelopes outgrow a command line.
 */
export async function writeMixGraph(plan: AudioMixPlan, workDir: string, firstInput: number, suffix = ''): Promise<AudioMixGraph & { file: string }> {
  const graph = audioMixGraph(plan, firstInput);
  const file = path.join(workDir, 'audio-mix.txt');
  await writeFile(file, graph.graph + suffix);
  return { ...graph, file };
}
