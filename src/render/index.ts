/** The Node API: render templates to videos and stills. */
export { renderMedia, framesToRender } from './render-media.ts';
export type { RenderMediaOptions, RenderMediaResult } from './render-media.ts';
export { renderStill, STILL_FORMATS, stillOptionsSchema } from './render-still.ts';
export type { RenderStillOptions, RenderStillResult, StillFormat, StillTimings } from './render-still.ts';
export type { RenderWarning } from './hints/hints.ts';
export { RenderHost } from './render-host.ts';
export type { RenderProgress, RenderStage, ProgressListener } from './progress.ts';
export { renderOptions, renderOptionsSchema } from './options/registry.ts';
export type { RenderOptionsInput, ResolvedRenderOptions } from './options/registry.ts';
export { resolveRenderOptions } from './options/resolve-options.ts';
export { renderAudioTrack } from './audio/render-audio-track.ts';
export type { RenderAudioTrackOptions } from './audio/render-audio-track.ts';
export { FORMATS, OUTPUT_FORMATS, formatFromFileName } from './formats/formats.ts';
export type { FormatProfile, OutputFormat } from './formats/formats.ts';
export type { MediaClip } from './media/timeline.ts';
export type { RemoteAssetOptions } from './media/remote-assets.ts';
export { Project } from '../bundle/project.ts';
export { FramewrightError } from '../errors/index.ts';
