import { FramewrightError } from '../../errors/index.ts';
import { ffprobe, frameRate, ProbeFailed, type ProbeReport } from './ffprobe.ts';

export interface OutputFacts {
  durationSeconds: number;
  width: number;
  height: number;
  fps: number;
  frames: number;
  probe: ProbeReport;
}

/** The facts of a finished file, from ffprobe (what the file is, not what we asked for). */
export async function probeOutput(file: string, signal?: AbortSignal): Promise<OutputFacts> {
  let probe: ProbeReport;
  try {
    probe = await ffprobe(file, signal ? { signal } : {});
  } catch (error) {
    if (!(error instanceof ProbeFailed)) throw error;
    throw new FramewrightError('ENCODER_FAILED', `ffprobe could not read the output: ${error.detail}`, { cause: error });
  }
  const video = probe.streams.find((s) => s.codec_type === 'video');
  return {
    durationSeconds: Number(probe.format?.duration ?? 0),
    width: video?.width ?? 0,
    height: video?.height ?? 0,
    fps: Math.round(frameRate(video?.r_frame_rate) * 1000) / 1000,
    frames: Number(video?.nb_frames ?? 0),
    probe,
  };
}

/** Facts of an archive output (HLS zip, PNG sequence zip), which ffprobe cannot read, from the render itself. */
export function factsOfRender(r: { durationSeconds: number; width: number; height: number; fps: number; frames: number }): OutputFacts {
  return { ...r, probe: { streams: [], format: { format_name: 'zip' } } };
}
