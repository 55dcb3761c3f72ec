import type { ComponentType } from 'react';
import type { z } from 'zod';

export interface VideoMetadata {
  width: number;
  height: number;
  fps: number;
  durationInFrames: number;
}

export interface CalculateMetadataArgs<Props> {
  /** The props of this render: the caller's merged over the defaults, parsed by the schema. */
  props: Props;
  /** The template's `defaultProps`. */
  defaultProps: Props;
  /** The template's own width, height, fps and duration. */
  defaults: VideoMetadata;
  signal?: AbortSignal;
  /** The same signal under Remotion's name. */
  abortSignal?: AbortSignal;
  /** The template id (Remotion's name for it). */
  compositionId: string;
  /** True when called for a render; false when only listing templates. */
  isRendering: boolean;
}

/**
 * What calculateMetadata() may return: any of the video settings, and `props` to hand the
 * component instead of the ones it was given (fetched data, derived values). Returned props
 * reach the page as JSON and are not parsed by the schema again.
 */
export interface CalculateMetadataResult<Props> extends Partial<VideoMetadata> {
  props?: Props;
}

/** Remotion's name for the type of a calculateMetadata() function. */
export type CalculateMetadataFunction<Props> = (
  args: CalculateMetadataArgs<Props>,
) => CalculateMetadataResult<Props> | Promise<CalculateMetadataResult<Props>>;

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
  calculateMetadata?: (
    args: CalculateMetadataArgs<z.output<S>>,
  ) => CalculateMetadataResult<z.output<S>> | Promise<CalculateMetadataResult<z.output<S>>>;
  /** Keep the page background transparent (for ProRes 4444 / PNG with alpha). @defaultValue false */
  transparent?: boolean;
  /** One-line description shown by `framewright templates` and the API. */
  description?: string;
  /** Folder path in the Studio, names joined by `/` (set by `<Folder>` around a `<Composition>`). */
  folder?: string;
}

export interface TemplateDefinition<S extends PropsSchema = PropsSchema> extends TemplateConfig<S> {
  readonly kind: 'framewright-template';
  /**
   * Settings a `<Composition>` left to its calculateMetadata(): the catalog fills them by
   * running it with the default props when it loads (until then they read 1).
   */
  readonly deferredSettings?: readonly (keyof VideoMetadata)[];
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Remotion ids may use capitals; `<Composition>` accepts them so a ported root keeps its ids. */
export const COMPOSITION_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

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
  return checkedTemplate(config);
}

/** The checks every template passes, whatever declared it (defineTemplate or `<Composition>`). */
export function checkedTemplate<S extends PropsSchema>(config: TemplateConfig<S>): TemplateDefinition<S> {
  for (const key of ['width', 'height', 'durationInFrames'] as const) assertPositiveInt(key, config[key], config.id);
  if (!(config.fps > 0 && config.fps <= 240)) {
    throw new TypeError(`Template "${config.id}": "fps" must be > 0 and ≤ 240, got ${config.fps}`);
  }
  return { ...config, kind: 'framewright-template' };
}
