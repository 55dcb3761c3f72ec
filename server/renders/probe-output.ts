import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import { FramewrightError } from '../../src/errors/index.ts';
import { ffprobePath } from '../../src/render/binaries.ts';

const run = promisify(execFile);

const probeSchema = z.object({
  streams: z.array(
    z.looseObject({
      codec_type: z.string(),
      codec_name: z.string().optional(),
      width: z.number().optional(),
      height: z.number().optional(),
      r_frame_rate: z.string().optional(),
      nb_frames: z.string().optional(),
      pix_fmt: z.string().optional(),
    }),
  ),
  format: z.looseObject({ format_name: z.string(), duration: z.string().optional(), size: z.string().optional() }),
});
export type ProbeReport = z.infer<typeof probeSchema>;

export interface OutputFacts {
  durationSeconds: number;
  width: number;
  height: number;
  fps: number;
  frames: number;
  probe: ProbeReport;
}

function ratio(text: string | undefined): number {
  const [a, b] = (text ?? '0/1').split('/').map(Number);
  return b ? Math.round((a! / b) * 1000) / 1000 : 0;
}

/** The facts of a finished file, from ffprobe (what the file is, not what we asked for). */
export async function probeOutput(file: string, signal?: AbortSignal): Promise<OutputFacts> {
  let stdout: string;
  try {
    ({ stdout } = await run(ffprobePath(), ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], {
      maxBuffer: 8 * 1024 * 1024,
      ...(signal ? { signal } : {}),
    }));
  } catch (error) {
    throw new FramewrightError('ENCODER_FAILED', `ffprobe could not read the output: ${(error as Error).message}`, { cause: error });
  }
  const probe = probeSchema.parse(JSON.parse(stdout));
  const video = probe.streams.find((s) => s.codec_type === 'video');
  return {
    durationSeconds: Number(probe.format.duration ?? 0),
    width: video?.width ?? 0,
    height: video?.height ?? 0,
    fps: ratio(video?.r_frame_rate),
    frames: Number(video?.nb_frames ?? 0),
    probe,
  };
}

/** Facts of an archive output (HLS zip, PNG sequence zip), which ffprobe cannot read, from the render itself. */
export function factsOfRender(r: { durationSeconds: number; width: number; height: number; fps: number; frames: number }): OutputFacts {
  return {
    durationSeconds: r.durationSeconds,
    width: r.width,
    height: r.height,
    fps: r.fps,
    frames: r.frames,
    probe: { streams: [], format: { format_name: 'zip' } },
  };
}
