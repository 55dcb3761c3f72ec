/**
 * Runs a template's calculateMetadata() the one way every caller needs it (the catalog for a
 * render or a listing, the Player for a preview): with Remotion's arguments, settings it leaves
 * out kept from the template, and what it returns checked. No Node imports: the Player uses it.
 */
import type { TemplateDefinition, VideoMetadata } from './define-template.ts';

export interface MetadataResolution {
  metadata: VideoMetadata;
  /** The props calculateMetadata() returned, if it returned any (hand them to the component as they are). */
  props?: Record<string, unknown>;
}

/** calculateMetadata() returned a value that cannot be used (the message names it). */
export class InvalidMetadataError extends TypeError {
  override name = 'InvalidMetadataError';
}

export function templateDefaults(template: TemplateDefinition): VideoMetadata {
  return { width: template.width, height: template.height, fps: template.fps, durationInFrames: template.durationInFrames };
}

/** The template's defaultProps as its schema parses them (as given when they do not parse). */
export function parsedDefaultProps(template: TemplateDefinition): Record<string, unknown> {
  const parsed = template.schema.safeParse(template.defaultProps);
  return (parsed.success ? parsed.data : template.defaultProps) as Record<string, unknown>;
}

/**
 * The final settings (and props) for `props` (already parsed by the schema). Without a
 * calculateMetadata() these are the template's own. Errors thrown by calculateMetadata() pass
 * through unchanged; unusable return values throw InvalidMetadataError.
 */
export async function resolveTemplateMetadata(
  template: TemplateDefinition,
  props: Record<string, unknown>,
  options: { isRendering: boolean; signal?: AbortSignal },
): Promise<MetadataResolution> {
  const defaults = templateDefaults(template);
  if (!template.calculateMetadata) return { metadata: defaults };
  const { signal } = options;
  const returned = await template.calculateMetadata({
    props,
    defaultProps: parsedDefaultProps(template),
    defaults,
    compositionId: template.id,
    isRendering: options.isRendering,
    ...(signal ? { signal, abortSignal: signal } : {}),
  });
  const { props: newProps, ...derived } = returned ?? {};
  const metadata: VideoMetadata = {
    width: derived.width ?? defaults.width,
    height: derived.height ?? defaults.height,
    fps: derived.fps ?? defaults.fps,
    durationInFrames: derived.durationInFrames ?? defaults.durationInFrames,
  };
  const where = `calculateMetadata() of "${template.id}"`;
  for (const key of ['width', 'height', 'durationInFrames'] as const) {
    if (!Number.isInteger(metadata[key]) || metadata[key] <= 0) {
      throw new InvalidMetadataError(`${where} returned ${key} = ${metadata[key]}; it must be a positive integer`);
    }
  }
  if (!(typeof metadata.fps === 'number' && metadata.fps > 0 && metadata.fps <= 240)) {
    throw new InvalidMetadataError(`${where} returned fps = ${metadata.fps}; it must be > 0 and ≤ 240`);
  }
  if (newProps === undefined) return { metadata };
  if (newProps === null || typeof newProps !== 'object' || Array.isArray(newProps)) {
    throw new InvalidMetadataError(`${where} returned "props" that are not an object`);
  }
  return { metadata, props: newProps as Record<string, unknown> };
}
