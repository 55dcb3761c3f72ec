import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidMetadataError, resolveTemplateMetadata } from './calculate-metadata.ts';
import { defineTemplate, type CalculateMetadataArgs, type TemplateConfig } from './define-template.ts';

const schema = z.object({ n: z.number().default(2) });
const base = { id: 'calc', component: () => null, schema, defaultProps: {}, width: 100, height: 50, fps: 30, durationInFrames: 10 };
const make = (calculateMetadata?: TemplateConfig<typeof schema>['calculateMetadata']) =>
  defineTemplate({ ...base, ...(calculateMetadata ? { calculateMetadata } : {}) });

describe('resolveTemplateMetadata', () => {
  it("keeps the template's settings without calculateMetadata()", async () => {
    expect(await resolveTemplateMetadata(make(), { n: 1 }, { isRendering: true })).toEqual({ metadata: { width: 100, height: 50, fps: 30, durationInFrames: 10 } });
  });

  it("passes Remotion's arguments, keeps settings left out, and returns new props", async () => {
    let seen: CalculateMetadataArgs<{ n: number }> | undefined;
    const controller = new AbortController();
    const t = make((args) => {
      seen = args;
      return { durationInFrames: args.props.n * 5, props: { n: args.props.n + 1 } };
    });
    const result = await resolveTemplateMetadata(t, { n: 4 }, { isRendering: false, signal: controller.signal });
    expect(result).toEqual({ metadata: { width: 100, height: 50, fps: 30, durationInFrames: 20 }, props: { n: 5 } });
    expect(seen).toMatchObject({ props: { n: 4 }, defaultProps: { n: 2 }, compositionId: 'calc', isRendering: false, abortSignal: controller.signal, signal: controller.signal });
    expect(seen?.defaults).toEqual({ width: 100, height: 50, fps: 30, durationInFrames: 10 });
  });

  it('refuses unusable values, naming them; lets errors of the function through', async () => {
    await expect(resolveTemplateMetadata(make(() => ({ durationInFrames: 2.5 })), { n: 1 }, { isRendering: true })).rejects.toThrow(
      new InvalidMetadataError('calculateMetadata() of "calc" returned durationInFrames = 2.5; it must be a positive integer'),
    );
    await expect(resolveTemplateMetadata(make(() => ({ fps: 0 })), { n: 1 }, { isRendering: true })).rejects.toThrow(/fps = 0; it must be > 0/);
    await expect(resolveTemplateMetadata(make(() => ({ props: [] as never })), { n: 1 }, { isRendering: true })).rejects.toThrow(/"props" that are not an object/);
    await expect(resolveTemplateMetadata(make(() => Promise.reject(new RangeError('no data'))), { n: 1 }, { isRendering: true })).rejects.toThrow(RangeError);
  });
});
