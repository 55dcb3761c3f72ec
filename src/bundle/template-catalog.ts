import { pathToFileURL } from 'node:url';
import type { TemplateDefinition, VideoMetadata } from '../runtime/define-template.ts';
import { FramewrightError, formatZodIssues, throwIfAborted, zodToIssues } from '../errors/index.ts';
import type { Bundle } from './bundle-templates.ts';

/** What the CLI and the API show about a template. */
export interface TemplateInfo extends VideoMetadata {
  id: string;
  description?: string;
  /** JSON Schema of the props (draft 2020-12), generated from the zod schema. */
  propsSchema: Record<string, unknown>;
  defaultProps: Record<string, unknown>;
  transparent: boolean;
}

/** A template with validated props and final metadata, ready to render. */
export interface ResolvedTemplate {
  template: TemplateDefinition;
  /** The props as the caller gave them merged over the defaults (JSON-safe, sent to the page). */
  inputProps: Record<string, unknown>;
  metadata: VideoMetadata;
  bundle: Bundle;
}

interface NodeEntry {
  getRegisteredTemplates(): TemplateDefinition[];
  toJSONSchema(schema: unknown, options?: Record<string, unknown>): Record<string, unknown>;
}

/** The templates of one bundle, loaded in Node for validation and metadata. */
export class TemplateCatalog {
  private readonly byId: Map<string, TemplateDefinition>;
  private readonly infoCache = new Map<string, TemplateInfo>();

  private constructor(
    readonly bundle: Bundle,
    private readonly entry: NodeEntry,
  ) {
    this.byId = new Map(entry.getRegisteredTemplates().map((t) => [t.id, t]));
  }

  static async load(bundle: Bundle): Promise<TemplateCatalog> {
    let entry: NodeEntry;
    try {
      entry = (await import(pathToFileURL(bundle.nodeEntry).href)) as NodeEntry;
    } catch (error) {
      throw new FramewrightError('TEMPLATE_ERROR', `Loading the templates failed: ${(error as Error).message}`, { cause: error });
    }
    return new TemplateCatalog(bundle, entry);
  }

  ids(): string[] {
    return [...this.byId.keys()].sort();
  }

  get(id: string): TemplateDefinition {
    const template = this.byId.get(id);
    if (!template) {
      throw new FramewrightError('TEMPLATE_NOT_FOUND', `No template "${id}". Known templates: ${this.ids().join(', ') || '(none)'}`);
    }
    return template;
  }

  info(id: string): TemplateInfo {
    const cached = this.infoCache.get(id);
    if (cached) return cached;
    const t = this.get(id);
    const info: TemplateInfo = {
      id: t.id,
      ...(t.description ? { description: t.description } : {}),
      width: t.width,
      height: t.height,
      fps: t.fps,
      durationInFrames: t.durationInFrames,
      propsSchema: this.entry.toJSONSchema(t.schema, { io: 'input', unrepresentable: 'any' }),
      defaultProps: t.defaultProps as Record<string, unknown>,
      transparent: t.transparent ?? false,
    };
    this.infoCache.set(id, info);
    return info;
  }

  list(): TemplateInfo[] {
    return this.ids().map((id) => this.info(id));
  }

  /** Validates props (naming each bad field) and runs calculateMetadata. */
  async resolve(id: string, props: unknown = {}, signal?: AbortSignal): Promise<ResolvedTemplate> {
    const template = this.get(id);
    if (props === null || typeof props !== 'object' || Array.isArray(props)) {
      throw new FramewrightError('INVALID_PROPS', `Props for "${id}" must be a JSON object`);
    }
    const inputProps = { ...(template.defaultProps as Record<string, unknown>), ...(props as Record<string, unknown>) };
    const parsed = template.schema.safeParse(inputProps);
    if (!parsed.success) {
      const issues = zodToIssues(parsed.error);
      throw new FramewrightError('INVALID_PROPS', `Invalid props for "${id}": ${formatZodIssues(issues)}`, { issues });
    }
    const defaults: VideoMetadata = {
      width: template.width,
      height: template.height,
      fps: template.fps,
      durationInFrames: template.durationInFrames,
    };
    let metadata = defaults;
    if (template.calculateMetadata) {
      try {
        const derived = await template.calculateMetadata({ props: parsed.data, defaults, ...(signal ? { signal } : {}) });
        metadata = { ...defaults, ...derived };
      } catch (error) {
        throw new FramewrightError('TEMPLATE_ERROR', `calculateMetadata() of "${id}" threw: ${(error as Error).message}`, {
          cause: error,
          ...((error as Error).stack ? { templateStack: (error as Error).stack } : {}),
        });
      }
      for (const key of ['width', 'height', 'durationInFrames'] as const) {
        if (!Number.isInteger(metadata[key]) || metadata[key] <= 0) {
          throw new FramewrightError('TEMPLATE_ERROR', `calculateMetadata() of "${id}" returned ${key} = ${metadata[key]}; it must be a positive integer`);
        }
      }
    }
    throwIfAborted(signal);
    return { template, inputProps, metadata, bundle: this.bundle };
  }
}
