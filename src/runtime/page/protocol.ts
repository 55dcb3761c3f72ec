/**
 * The contract between the Node renderer and the page driver. Both sides import these types;
 * values cross as JSON (never as code), and failures come back as data, not thrown text.
 */
import type { VideoMetadata } from '../define-template.ts';
import type { RuntimeEnvironment } from '../environment.ts';
import type { PageError } from '../fatal.ts';
import type { MediaElementReport } from '../media/media-types.ts';
import type { Notice } from './determinism.ts';

export interface MountArgs {
  templateId: string;
  /** Raw props; the page parses them with the template schema (defaults, transforms). */
  props: Record<string, unknown>;
  /** The props came from calculateMetadata(): hand them to the component without parsing. */
  propsFromMetadata?: boolean;
  metadata: VideoMetadata;
  environment: Partial<RuntimeEnvironment>;
}

/** A failure may name the frame it happened at (a scan seeks many frames in one call). */
export type PageResult<T> = ({ ok: true } & T) | { ok: false; error: PageError; frame?: number };

export interface SeekResult {
  /** False when nothing that can change pixels happened since the previous frame on this page. */
  changed: boolean;
  /** Non-deterministic APIs the template used, reported once each (see src/render/hints). */
  notices?: Notice[];
}

export interface MediaScanResult {
  media: MediaElementReport[];
  /** Notices of every frame scanned (see SeekResult). */
  notices?: Notice[];
}

export interface PageDriverApi {
  mount(args: MountArgs): PageResult<Record<never, never>>;
  seek(frame: number): Promise<PageResult<SeekResult>>;
  /** The `<Audio>`/`<Video>` elements seen at every frame seeked since the last call. */
  takeMedia(): MediaElementReport[];
  /** Seeks each frame in turn without capturing anything and returns the media seen (audio-only renders). */
  scanMedia(frames: number[]): Promise<PageResult<MediaScanResult>>;
  unmount(): void;
}

declare global {
  interface Window {
    __framewright?: PageDriverApi;
  }
}

export type { MediaElementReport, Notice, PageError };
