import { pathToFileURL } from 'node:url';
import type { TemplateDefinition, VideoMetadata } from '../runtime/define-template.ts';
import { FramewrightError, formatZodIssues, throwIfAborted, zodToIssues } from '../errors/index.ts';
import type { Bundle } from './bundle-templates.ts';
import { templateSourceLocation } from './node-stack.ts';
import { InvalidMetadataError, resolveTemplateMetadata, type MetadataResolution } from '../runtime/calculate-metadata.ts';
import { settleDeferredSettings } from './deferred-settings.ts';

/** What the CLI and the API show about a template. */
export interface TemplateInfo extends VideoMetadata {
  id: string;
  description?: string;
  /** JSON Schema of the props (draft 2020-12), generated from the zod schema. */
  propsSchema: Record<string, unknown>;
  defaultProps: Record<string, unknown>;
  transparent: boolean;
  /** Folder path in the Studio (`<Folder>` names joined by `/`); absent at the top level. */
  folder?: string;
}

/** A template with validated props and final metadata, ready to render. */
export interface ResolvedTemplate {
  template: TemplateDefinition;
  /** The props as the caller gave them merged over the defaults (JSON-safe, sent to the page). */
  inputProps: Record<string, unknown>;
  /** The props exactly as the caller gave them (what getInputProps() returns in the page). */
  callerProps: Record<string, unknown>;
  /**
   * True when `inputProps` are the props calculateMetadata() returned: the page hands them to
   * the component as they are instead of parsing them with the schema.
   */
  propsFromMetadata: boolean;
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
    templates: readonly TemplateDefinition[],
    /** Source paths in messages are relative to it (`src/t.tsx:17:3`). */
    private readonly projectDir: string,
  ) {
    this.byId = new Map(templates.map((t) => [t.id, t]));
  }

  static async load(bundle: Bundle, projectDir: string): Promise<TemplateCatalog> {
    let entry: NodeEntry;
    try {
      entry = (await import(pathToFileURL(bundle.nodeEntry).href)) as NodeEntry;
    } catch (error) {
      throw templateError(`Loading the templates failed: ${(error as Error).message}`, error, bundle, projectDir);
    }
    try {
      return new TemplateCatalog(bundle, entry, await settleDeferredSettings(entry.getRegisteredTemplates()), projectDir);
    } catch (error) {
      // A calculateMetadata() run for the default props wraps what it threw: locate that.
      const thrown = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      throw templateError(`Registering the templates failed: ${(error as Error).message}`, thrown, bundle, projectDir);
    }
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
      ...(t.folder ? { folder: t.folder } : {}),
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
    let resolution: MetadataResolution;
    try {
      resolution = await resolveTemplateMetadata(template, parsed.data as Record<string, unknown>, { isRendering: true, ...(signal ? { signal } : {}) });
    } catch (error) {
      if (error instanceof InvalidMetadataError) throw new FramewrightError('TEMPLATE_ERROR', error.message, { cause: error });
      throw templateError(`calculateMetadata() of "${id}" threw: ${(error as Error).message}`, error, this.bundle, this.projectDir);
    }
    const { metadata } = resolution;
    const propsFromMetadata = resolution.props !== undefined;
    const sentProps = resolution.props ? jsonProps(id, resolution.props) : inputProps;
    throwIfAborted(signal);
    return { template, inputProps: sentProps, callerProps: props as Record<string, unknown>, propsFromMetadata, metadata, bundle: this.bundle };
  }
}

/**
 * A template's own exception in Node (module-level code, calculateMetadata()), named by its
 * `file:line:col` as the page's exceptions are, so a person knows where to look without --verbose.
 */
function templateError(message: string, thrown: unknown, bundle: Bundle, projectDir: string): FramewrightError {
  const where = templateSourceLocation(thrown, bundle.nodeEntry, projectDir);
  const stack = thrown instanceof Error ? thrown.stack : undefined;
  return new FramewrightError('TEMPLATE_ERROR', where ? `${message} (at ${where})` : message, {
    cause: thrown,
    ...(stack ? { templateStack: stack } : {}),
  });
}

/** Props from calculateMetadata() travel to the page as JSON: refuse what JSON would change. */
function jsonProps(id: string, props: Record<string, unknown>): Record<string, unknown> {
  let text: string;
  try {
    text = JSON.stringify(props);
  } catch (error) {
    throw new FramewrightError('TEMPLATE_ERROR', `calculateMetadata() of "${id}" returned "props" that cannot be sent as JSON: ${(error as Error).message}`);
  }
  return JSON.parse(text) as Record<string, unknown>;
}
