import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import { ffprobePath } from '../binaries.ts';

/**
 * The one way this project runs ffprobe: assets, finished outputs, HLS renditions and media
 * jobs all read their facts through here, with a signal and a deadline, so a stuck or hostile
 * file cannot hang a render.
 */
const run = promisify(execFile);

const streamSchema = z.looseObject({
  index: z.number().optional(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  profile: z.string().optional(),
  level: z.number().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  pix_fmt: z.string().optional(),
  color_space: z.string().optional(),
  color_range: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  r_frame_rate: z.string().optional(),
  nb_frames: z.string().optional(),
  nb_read_packets: z.string().optional(),
  sample_rate: z.string().optional(),
  duration: z.string().optional(),
  start_time: z.string().optional(),
  channels: z.number().optional(),
  disposition: z.looseObject({ attached_pic: z.number().optional() }).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  side_data_list: z.array(z.looseObject({ side_data_type: z.string().optional(), rotation: z.number().optional() })).optional(),
});

export const probeReportSchema = z.object({
  streams: z.array(streamSchema).default([]),
  format: z.looseObject({ format_name: z.string().optional(), duration: z.string().optional(), size: z.string().optional() }).optional(),
});
export type ProbeReport = z.infer<typeof probeReportSchema>;
export type ProbeStream = z.infer<typeof streamSchema>;

/** ffprobe could not read the file; `detail` is its last line of stderr (or why it stopped). */
export class ProbeFailed extends Error {
  constructor(readonly detail: string, options?: { cause?: unknown }) {
    super(`ffprobe failed: ${detail}`, options);
    this.name = 'ProbeFailed';
  }
}

export interface ProbeOptions {
  signal?: AbortSignal;
  /** @defaultValue 30 000 ms: a local file probes in tens of milliseconds. */
  timeoutMs?: number;
  /** `-select_streams`, e.g. `v:0`. */
  selectStreams?: string;
  /** `-show_entries`; without it every stream and the format are shown. */
  showEntries?: string;
  /** `-count_packets`: read the whole file so streams report `nb_read_packets`. */
  countPackets?: boolean;
}

/** What ffprobe says of a file, validated. Aborting the signal kills ffprobe and rethrows the abort. */
export async function ffprobe(file: string, options: ProbeOptions = {}): Promise<ProbeReport> {
  const args = ['-v', 'error', '-of', 'json'];
  if (options.selectStreams) args.push('-select_streams', options.selectStreams);
  if (options.countPackets) args.push('-count_packets');
  if (options.showEntries) args.push('-show_entries', options.showEntries);
  else args.push('-show_streams', '-show_format');
  args.push(file);
  let stdout: string;
  try {
    ({ stdout } = await run(ffprobePath(), args, {
      maxBuffer: 8 * 1024 * 1024,
      timeout: options.timeoutMs ?? 30_000,
      ...(options.signal ? { signal: options.signal } : {}),
    }));
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    const failure = error as { stderr?: string; killed?: boolean; message: string };
    const detail = failure.killed ? `timed out after ${options.timeoutMs ?? 30_000} ms` : (failure.stderr?.trim().split('\n').pop() || failure.message);
    throw new ProbeFailed(detail, { cause: error });
  }
  const parsed = probeReportSchema.safeParse(JSON.parse(stdout));
  if (!parsed.success) throw new ProbeFailed(`unexpected output: ${parsed.error.message}`);
  return parsed.data;
}

/** `30000/1001` → 29.97…; 0 when ffprobe gives no rate. */
export function frameRate(text: string | undefined): number {
  const [n, d] = (text ?? '0/1').split('/').map(Number);
  return n && d ? n / d : 0;
}

/** AAC codes 1024 samples per packet (HE-AAC: 2048 at twice the rate ffprobe reports, same length). */
const AAC_SAMPLES_PER_PACKET = 1024;

/**
 * The real length of a raw ADTS AAC file (`format_name` `aac`), counted from its packets. ADTS
 * has no index, so ffprobe's `duration` is a guess from the bitrate: 4.68 s for 5.03 s of sound
 * was seen, and an `<Audio>` was cut at the guess. Counting reads the whole file, which for
 * audio is quick (a 5 s file in a few ms of CPU).
 */
export async function adtsDuration(file: string, options: Pick<ProbeOptions, 'signal' | 'timeoutMs'> = {}): Promise<number | undefined> {
  const report = await ffprobe(file, { ...options, selectStreams: 'a:0', countPackets: true, showEntries: 'stream=nb_read_packets,sample_rate' });
  const packets = Number(report.streams[0]?.nb_read_packets);
  const rate = Number(report.streams[0]?.sample_rate);
  return packets > 0 && rate > 0 ? (packets * AAC_SAMPLES_PER_PACKET) / rate : undefined;
}

/**
 * Clockwise degrees a player turns the picture (0, 90, 180, 270): from the display matrix
 * (FFmpeg 5+) or the old `rotate` tag. FFmpeg's decoder applies it (autorotate), so frames come
 * out at the displayed size.
 */
export function streamRotation(s: { side_data_list?: Array<{ side_data_type?: string | undefined; rotation?: number | undefined }> | undefined; tags?: Record<string, string> | undefined }): number {
  const matrix = s.side_data_list?.find((d) => d.rotation !== undefined)?.rotation;
  // The display matrix gives counter-clockwise degrees (-90 = turn right); the tag is clockwise.
  const degrees = matrix !== undefined ? -matrix : Number(s.tags?.rotate ?? 0);
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}
