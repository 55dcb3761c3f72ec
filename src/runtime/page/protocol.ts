/**
 * The contract between the Node renderer and the page driver. Both sides import these types;
 * values cross as JSON (never as code), and failures come back as data, not thrown text.
 */
import type { VideoMetadata } from '../define-template.ts';
import type { RuntimeEnvironment } from '../environment.ts';
import type { PageError } from '../fatal.ts';
import type { Notice } from './determinism.ts';

export interface MountArgs {
  templateId: string;
  /** Raw props; the page parses them with the template schema (defaults, transforms). */
  props: Record<string, unknown>;
  metadata: VideoMetadata;
  environment: Partial<RuntimeEnvironment>;
}

export type PageResult<T> = ({ ok: true } & T) | { ok: false; error: PageError };

export interface SeekResult {
  /** False when nothing that can change pixels happened since the previous frame on this page. */
  changed: boolean;
  /** Non-deterministic APIs the template used, reported once each (see src/render/hints). */
  notices?: Notice[];
}

export interface PageDriverApi {
  mount(args: MountArgs): PageResult<Record<never, never>>;
  seek(frame: number): Promise<PageResult<SeekResult>>;
  unmount(): void;
}

declare global {
  interface Window {
    __framewright?: PageDriverApi;
  }
}

export type { Notice, PageError };
