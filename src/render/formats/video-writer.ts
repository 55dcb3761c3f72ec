import { rename } from 'node:fs/promises';
import path from 'node:path';
import { writeMixGraph } from '../audio/mix-graph-file.ts';
import type { AudioMixPlan } from '../audio/mix-plan.ts';
import { FrameEncoder } from '../encode/encoder.ts';
import { audioFileArgs, muxArgs, videoFileArgs, type AudioCodecSettings, type VideoCodecSettings } from '../encode/format-args.ts';
import { runFfmpeg } from '../encode/run-ffmpeg.ts';
import type { ResolvedRenderOptions } from '../options/registry.ts';
import { FORMATS } from './formats.ts';
import type { OutputWriter, WriterContext } from './output-writer.ts';

export function videoCodecSettings(o: ResolvedRenderOptions): VideoCodecSettings {
  const profile = FORMATS[o.format];
  return {
    codec: profile.videoCodec ?? 'h264',
    crf: o.crf,
    bitrate: o.videoBitrate,
    preset: o.preset,
    pixelFormat: o.pixelFormat ?? profile.pixelFormats[0] ?? 'yuv420p',
    proresProfile: o.proresProfile,
    colorRange: o.colorRange ?? profile.defaultColorRange ?? 'limited',
  };
}

export function audioCodecSettings(o: ResolvedRenderOptions): AudioCodecSettings {
  return { codec: FORMATS[o.format].audioCodec ?? 'aac', bitrate: o.audioBitrate };
}

/**
 * MP4 (H.264/H.265), WebM and MOV: frames are encoded to a video-only file while they are
 * captured; the sound is known only once every frame has been seen, so it is muxed in after
 * (video copied, not re-encoded). Without sound the video file is the output.
 */
export function createVideoWriter(c: WriterContext): OutputWriter {
  const ext = FORMATS[c.options.format].extension;
  const videoFile = path.join(c.workDir, `video${ext}`);
  const staged = path.join(c.workDir, `output${ext}`);
  // JPEG has no alpha: a pixel format with alpha (VP9 yuva420p) needs PNG captures.
  const capture = FORMATS[c.options.format].capture === 'png' || c.options.pixelFormat?.startsWith('yuva') ? 'png' : 'jpeg';
  const sink = new FrameEncoder(
    videoFileArgs({ format: c.options.format, fps: c.fps, width: c.width, height: c.height, imageFormat: capture, codec: videoCodecSettings(c.options), output: videoFile }),
  );
  return {
    capture,
    sink,
    hasAudio: true,
    outputs: [{ staged, final: c.output }],
    async finalize(audio, signal) {
      if (!audio) return rename(videoFile, staged);
      const graph = await writeMixGraph(audio, c.workDir, 1);
      await runFfmpeg(
        muxArgs({ format: c.options.format, video: videoFile, audioInputs: graph.inputs, graphScript: graph.file, audio: audioCodecSettings(c.options), output: staged }),
        'muxing the audio',
        signal,
      );
    },
  };
}

/** MP3, AAC and WAV: only the mix; no frame is captured. */
export function createAudioWriter(c: WriterContext): OutputWriter {
  const staged = path.join(c.workDir, `output${FORMATS[c.options.format].extension}`);
  return {
    capture: 'none',
    sink: undefined,
    hasAudio: true,
    outputs: [{ staged, final: c.output }],
    async finalize(audio: AudioMixPlan | undefined, signal) {
      // Audio-only outputs always have their track; the orchestrator plans silence if nothing plays.
      const plan = audio ?? { segments: [], duration: c.frames.length / c.fps, sampleRate: 48_000 };
      const graph = await writeMixGraph(plan, c.workDir, 0);
      await runFfmpeg(
        audioFileArgs({ format: c.options.format, audioInputs: graph.inputs, graphScript: graph.file, audio: audioCodecSettings(c.options), output: staged }),
        'encoding the audio',
        signal,
      );
    },
  };
}
