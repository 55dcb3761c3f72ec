import { parsedDefaultProps, templateDefaults } from '../runtime/calculate-metadata.ts';
import type { TemplateDefinition, VideoMetadata } from '../runtime/define-template.ts';

/**
 * A `<Composition>` may leave width, height, fps or duration to its calculateMetadata(), as
 * Remotion allows. The catalog needs them to list the template, so it runs calculateMetadata
 * once with the default props (`isRendering: false`) and takes them from there. Renders still run
 * it again with their own props.
 */
export async function settleDeferredSettings(templates: readonly TemplateDefinition[], signal?: AbortSignal): Promise<TemplateDefinition[]> {
  return Promise.all(
    templates.map(async (t) => {
      if (!t.deferredSettings?.length || !t.calculateMetadata) return t;
      const defaultProps = parsedDefaultProps(t);
      const defaults = templateDefaults(t);
      // Called directly, not through resolveTemplateMetadata(): a setting it leaves out must be an
      // error here, not the placeholder.
      let result: Partial<VideoMetadata>;
      try {
        result = await t.calculateMetadata({
          props: defaultProps,
          defaultProps,
          defaults,
          compositionId: t.id,
          isRendering: false,
          ...(signal ? { signal, abortSignal: signal } : {}),
        });
      } catch (error) {
        throw new Error(`calculateMetadata() of "${t.id}" threw with the default props: ${(error as Error).message}`, { cause: error });
      }
      const settled: Partial<VideoMetadata> = {};
      for (const key of t.deferredSettings) {
        const value = result?.[key];
        const ok = key === 'fps' ? typeof value === 'number' && value > 0 && value <= 240 : Number.isInteger(value) && (value as number) > 0;
        if (!ok) {
          throw new Error(`<Composition id="${t.id}"> leaves "${key}" to calculateMetadata(), which returned ${String(value)} for the default props`);
        }
        settled[key] = value as number;
      }
      const { deferredSettings: _settled, ...rest } = t;
      return { ...rest, ...settled };
    }),
  );
}
