import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeMixGraph } from '../audio/mix-graph-file.ts';
import { FrameEncoder } from '../encode/encoder.ts';
import { hlsLadder, hlsLadderEncodeArgs, hlsPackageArgs, splitAudioGraph, type Rendition } from '../encode/hls-args.ts';
import { runFfmpeg } from '../encode/run-ffmpeg.ts';
import { ffprobe } from '../probe/ffprobe.ts';
import { avcCodecString, buildMasterPlaylist, measureBandwidth, fixTargetDuration, type VariantStream } from './hls-playlist.ts';
import type { OutputWriter, WriterContext } from './output-writer.ts';
import { audioCodecSettings } from './video-writer.ts';
import { zipDirectory } from './zip.ts';

export const HLS_MASTER = 'master.m3u8';

/**
 * HLS: the frames are captured once and one FFmpeg encodes every rendition from them; then each
 * rendition is cut into segments beside the one audio mix, and we write the master playlist
 * with bandwidths measured from the segments. The folder is also zipped for download.
 */
export function createHlsWriter(c: WriterContext): OutputWriter {
  const ladder = hlsLadder(c.width, c.height, c.options.hlsRenditions);
  const videos = ladder.map((r) => path.join(c.workDir, `${r.name}.mp4`));
  const folder = path.join(c.workDir, 'hls');
  const zip = path.join(c.workDir, 'hls.zip');
  const sink = new FrameEncoder(
    hlsLadderEncodeArgs({
      fps: c.fps, width: c.width, height: c.height, imageFormat: 'jpeg', renditions: ladder, crf: c.options.crf, bitrate: c.options.videoBitrate,
      preset: c.options.preset, segmentSeconds: c.options.hlsSegmentSeconds, colorRange: c.options.colorRange ?? 'limited', outputs: videos,
    }),
  );
  return {
    capture: 'jpeg',
    sink,
    hasAudio: true,
    outputs: [
      { staged: folder, final: c.output },
      { staged: zip, final: `${c.output}.zip` },
    ],
    async finalize(audio, signal) {
      const folders = ladder.map((r) => path.join(folder, r.name));
      await Promise.all(folders.map((f) => mkdir(f, { recursive: true })));
      const graph = audio ? await writeMixGraph(audio, c.workDir, ladder.length, splitAudioGraph(ladder.length)) : undefined;
      await runFfmpeg(
        hlsPackageArgs({
          videos, folders, audioInputs: graph?.inputs ?? [], graphScript: graph?.file, audio: audioCodecSettings(c.options), segmentSeconds: c.options.hlsSegmentSeconds,
        }),
        'packaging HLS',
        signal,
      );
      const variants = await Promise.all(ladder.map((r, i) => describeVariant(r, videos[i]!, folders[i]!, c.fps, audio !== undefined, signal)));
      await writeFile(path.join(folder, HLS_MASTER), buildMasterPlaylist(variants));
      await zipDirectory(folder, zip, path.basename(c.output));
    },
  };
}

async function describeVariant(r: Rendition, video: string, folder: string, fps: number, withAudio: boolean, signal: AbortSignal): Promise<VariantStream> {
  const segments = await fixTargetDuration(path.join(folder, 'index.m3u8'));
  const sized = await Promise.all(segments.map(async (s) => ({ ...s, bytes: (await stat(path.join(folder, s.uri))).size })));
  const [stream] = (await ffprobe(video, { selectStreams: 'v:0', showEntries: 'stream=profile,level', signal })).streams;
  const codecs = [avcCodecString(stream?.profile ?? 'High', stream?.level ?? 40), ...(withAudio ? ['mp4a.40.2'] : [])].join(',');
  return { uri: `${r.name}/index.m3u8`, width: r.width, height: r.height, fps, ...measureBandwidth(sized), codecs };
}
