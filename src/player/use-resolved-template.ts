import { useEffect, useMemo, useRef, useState } from 'react';
import { resolveTemplateMetadata } from '../runtime/calculate-metadata.ts';
import type { TemplateDefinition, VideoMetadata } from '../runtime/define-template.ts';
import { PlayerError } from './player-events.ts';

export interface ResolvedTemplateState {
  /** Props parsed by the template's schema: the last valid ones when the current input is invalid. */
  props: Record<string, unknown> | undefined;
  /** Final size, fps and duration (after calculateMetadata); undefined while it runs the first time. */
  metadata: VideoMetadata | undefined;
  /** Why the current input props were refused, if they were. */
  error: PlayerError | undefined;
}

function defaults(template: TemplateDefinition): VideoMetadata {
  return { width: template.width, height: template.height, fps: template.fps, durationInFrames: template.durationInFrames };
}

/**
 * Parses `inputProps` (merged over the template's defaults) with the template's zod schema, as the
 * renderer does, and runs `calculateMetadata`. Invalid props do not replace the last valid ones:
 * the preview keeps showing something sensible while the author types.
 */
export function useResolvedTemplate(template: TemplateDefinition, inputProps: Record<string, unknown> | undefined): ResolvedTemplateState {
  const lastValid = useRef<{ template: TemplateDefinition; props: Record<string, unknown> } | undefined>(undefined);
  const parsed = useMemo(() => {
    const merged = { ...(template.defaultProps as Record<string, unknown>), ...inputProps };
    const result = template.schema.safeParse(merged);
    if (result.success) return { props: result.data as Record<string, unknown>, error: undefined };
    const issues = result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
    const summary = issues.map((i) => `${i.path.join('.') || '(props)'}: ${i.message}`).join('; ');
    return { props: undefined, error: new PlayerError('INVALID_PROPS', `Invalid props for "${template.id}": ${summary}`, { issues }) };
  }, [template, inputProps]);
  if (parsed.props) lastValid.current = { template, props: parsed.props };
  const props = parsed.props ?? (lastValid.current?.template === template ? lastValid.current.props : undefined);

  const [metadata, setMetadata] = useState<{ template: TemplateDefinition; props: unknown; value: VideoMetadata; derivedProps?: Record<string, unknown> } | undefined>(undefined);
  const [metadataError, setMetadataError] = useState<PlayerError | undefined>(undefined);
  const sync = !template.calculateMetadata;
  useEffect(() => {
    if (sync || !props) return;
    const controller = new AbortController();
    // The same resolution as the renderer's: Remotion's arguments, and `props` it may return.
    resolveTemplateMetadata(template, props, { isRendering: false, signal: controller.signal }).then(
      (resolved) => {
        if (controller.signal.aborted) return;
        setMetadataError(undefined);
        setMetadata({ template, props, value: resolved.metadata, ...(resolved.props ? { derivedProps: resolved.props } : {}) });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        setMetadataError(new PlayerError('TEMPLATE_ERROR', `calculateMetadata() of "${template.id}" threw: ${message}`, error instanceof Error && error.stack ? { stack: error.stack } : {}));
      },
    );
    return () => controller.abort();
  }, [template, props, sync]);

  const syncMetadata = useMemo(() => defaults(template), [template]);
  let resolvedMetadata: VideoMetadata | undefined;
  if (sync) resolvedMetadata = syncMetadata;
  // While a new calculateMetadata runs, keep the previous answer for the same template.
  else if (metadata?.template === template) resolvedMetadata = metadata.value;
  const derivedProps = !sync && metadata?.template === template ? metadata.derivedProps : undefined;
  return { props: derivedProps ?? props, metadata: resolvedMetadata, error: parsed.error ?? metadataError };
}
