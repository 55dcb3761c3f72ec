import type { ComponentType } from 'react';
import type { z } from 'zod';

export interface VideoMetadata {
  width: number;
  height: number;
  fps: number;
  durationInFrames: number;
}

export interface CalculateMetadataArgs<Props> {
  props: Props;
  defaults: VideoMetadata;
  signal?: AbortSignal;
}

// zod 4 object schemas; `any` shape so templates can pass any object schema.
// biome-ignore lint: generic bound
export type PropsSchema = z.ZodObject<any>;

export interface TemplateConfig<S extends PropsSchema> {
  /** URL-safe id: lowercase letters, digits and dashes. */
  id: string;
  component: ComponentType<z.output<S>>;
  schema: S;
  defaultProps: z.input<S>;
  width: number;
  height: number;
  fps: number;
  durationInFrames: number;
  /** Derive size or duration from the props (e.g. one slide per item). */
  calculateMetadata?: (args: CalculateMetadataArgs<z.output<S>>) => Partial<VideoMetadata> | Promise<Partial<VideoMetadata>>;
  /** Keep the page background transparent (for ProRes 4444 / PNG with alpha). @defaultValue false */
  transparent?: boolean;
  /** One-line description shown by `framewright templates` and the API. */
  description?: string;
}

export interface TemplateDefinition<S extends PropsSchema = PropsSchema> extends TemplateConfig<S> {
  readonly kind: 'framewright-template';
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

function assertPositiveInt(name: string, value: number, id: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new TypeError(`Template "${id}": "${name}" must be a positive integer, got ${value}`);
  }
}

/** Declares a template: a React component, its zod props schema, defaults and video settings. */
export function defineTemplate<S extends PropsSchema>(config: TemplateConfig<S>): TemplateDefinition<S> {
  if (!ID.test(config.id)) {
    throw new TypeError(`Template id "${config.id}" must be lowercase letters, digits and dashes`);
  }
  for (const key of ['width', 'height', 'durationInFrames'] as const) assertPositiveInt(key, config[key], config.id);
  if (!(config.fps > 0 && config.fps <= 240)) {
    throw new TypeError(`Template "${config.id}": "fps" must be > 0 and ≤ 240, got ${config.fps}`);
  }
  return { ...config, kind: 'framewright-template' };
}
