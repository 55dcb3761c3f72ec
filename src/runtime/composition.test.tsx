import { readFileSync } from 'node:fs';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { settleDeferredSettings } from '../bundle/deferred-settings.ts';
import { collectCompositions, Composition, Folder, Still, type CompositionProps } from './composition.tsx';
import { CurrentScaleContext, useCurrentScale } from './current-scale.ts';
import { configureEnvironment } from './environment.ts';
import { getInputProps } from './input-props.ts';
import { getRemotionEnvironment } from './remotion-environment.ts';
import { resolveTrims } from './media/use-media.ts';
import { markupAt } from './test-support/markup-at.tsx';

const Blank = () => null;
const schema = z.object({ title: z.string().default('hi') });

describe('collectCompositions (registerRoot with a Remotion-style root)', () => {
  it('reads compositions through fragments, nested folders and plain grouping components', () => {
    const Group = () => (
      <>
        <Composition id="grouped" component={Blank} width={10} height={10} fps={25} durationInFrames={5} />
        {null}
        {false}
      </>
    );
    const Root = () => (
      <>
        <Composition id="HelloWorld" component={Blank} schema={schema} defaultProps={{ title: 'x' }} width={1920} height={1080} fps={30} durationInFrames={90} />
        <Folder name="Social">
          <Folder name="Square-1">
            <Group />
            <Still id="cover" component={Blank} width={100} height={100} />
          </Folder>
        </Folder>
        {[1, 2].map((n) => (
          <Composition key={n} id={`item-${n}`} component={Blank} width={10} height={10} fps={30} durationInFrames={n} />
        ))}
      </>
    );
    const list = collectCompositions(Root);
    expect(list.map((t) => [t.id, t.folder ?? ''])).toEqual([
      ['HelloWorld', ''],
      ['grouped', 'Social/Square-1'],
      ['cover', 'Social/Square-1'],
      ['item-1', ''],
      ['item-2', ''],
    ]);
    expect(list[0]).toMatchObject({ kind: 'framewright-template', width: 1920, fps: 30, durationInFrames: 90, defaultProps: { title: 'x' }, schema });
    expect(list[2]).toMatchObject({ fps: 1, durationInFrames: 1 });
    // No schema: any props are accepted as given.
    expect(list[1]!.schema.parse({ anything: [1] })).toEqual({ anything: [1] });
    expect(list[1]!.defaultProps).toEqual({});
  });

  it('names what it cannot take', () => {
    const cases: Array<[() => React.ReactNode, RegExp]> = [
      [() => <Composition id="bad id" component={Blank} width={1} height={1} fps={1} durationInFrames={1} />, /<Composition id="bad id">: an id is 1–64 letters/],
      [() => <Composition id="a" component={Blank} width={1} height={1} fps={1} durationInFrames={0} />, /"durationInFrames" must be a positive integer, got 0/],
      [() => <Folder name="a/b">{null}</Folder>, /<Folder name="a\/b">: a folder name is letters, digits and dashes/],
      [() => <div />, /found <div>/],
      [() => <Composition {...({ id: 'lazy', lazyComponent: () => import('./composition.tsx'), width: 1, height: 1, fps: 1, durationInFrames: 1 } as unknown as CompositionProps)} />, /lazyComponent is not supported/],
      [() => <Composition {...({ id: 'nowidth', component: Blank, height: 1, fps: 1, durationInFrames: 1 } as unknown as CompositionProps)} />, /needs "width"/],
    ];
    for (const [Root, error] of cases) expect(() => collectCompositions(Root)).toThrow(error);
  });

  it('draws nothing when mounted (a Root rendered in a page is harmless)', () => {
    expect(
      renderToStaticMarkup(
        <Folder name="f">
          <Composition id="x" component={Blank} width={1} height={1} fps={1} durationInFrames={1} />
        </Folder>,
      ),
    ).toBe('');
  });
});

describe('settings left to calculateMetadata()', () => {
  it('are marked on the template and filled by the catalog from the default props', async () => {
    const Root = () => (
      <Composition
        id="by-data"
        component={Blank}
        schema={z.object({ seconds: z.number() })}
        defaultProps={{ seconds: 2 }}
        fps={30}
        calculateMetadata={({ props, isRendering }) => ({ durationInFrames: props.seconds * 30, width: isRendering ? 1 : 640, height: 360 })}
      />
    );
    const [template] = collectCompositions(Root);
    expect(template!.deferredSettings).toEqual(['width', 'height', 'durationInFrames']);
    const [settled] = await settleDeferredSettings([template!]);
    expect(settled).toMatchObject({ width: 640, height: 360, fps: 30, durationInFrames: 60 });
    expect(settled!.deferredSettings).toBeUndefined();
    const Short = () => <Composition id="short" component={Blank} fps={30} width={1} height={1} calculateMetadata={() => ({})} />;
    await expect(settleDeferredSettings(collectCompositions(Short))).rejects.toThrow(/leaves "durationInFrames" to calculateMetadata\(\), which returned undefined/);
  });
});

describe('registerRoot', () => {
  it('takes a root component or a list, lazily, and refuses duplicate ids', async () => {
    const { registerRoot, getRegisteredTemplate, getRegisteredTemplates } = await import('./registry.ts');
    let reads = 0;
    const Root = () => {
      reads++;
      return <Composition id="from-root" component={Blank} width={1} height={1} fps={1} durationInFrames={1} />;
    };
    registerRoot(Root);
    expect(reads).toBe(0); // read on first use, after the page has its environment
    expect(getRegisteredTemplate('from-root')?.id).toBe('from-root');
    expect(getRegisteredTemplates().filter((t) => t.id === 'from-root')).toHaveLength(1);
    expect(reads).toBe(1);
    registerRoot(() => <Composition id="from-root" component={Blank} width={2} height={2} fps={1} durationInFrames={1} />);
    expect(() => getRegisteredTemplates()).toThrow(/Two templates share the id "from-root"/);
    expect(() => registerRoot({} as never)).toThrow(/takes an array of templates or a root component/);
  });
});

describe('getInputProps, useCurrentScale, media trims', () => {
  it('getRemotionEnvironment() tells a render from a player', () => {
    expect(getRemotionEnvironment()).toMatchObject({ isRendering: true, isPlayer: false, isStudio: false });
    configureEnvironment({ mode: 'player' });
    expect(getRemotionEnvironment()).toMatchObject({ isRendering: false, isPlayer: true });
    configureEnvironment({ mode: 'render' });
  });

  it('getInputProps() returns the props the render was given', () => {
    expect(getInputProps()).toEqual({});
    configureEnvironment({ inputProps: { title: 'From API' } });
    expect(getInputProps<{ title: string }>().title).toBe('From API');
    configureEnvironment({ inputProps: {} });
  });

  it('useCurrentScale() is 1 in renders, the provided scale in a player, and throws outside a template', () => {
    const Scale = () => <i>{useCurrentScale()}</i>;
    expect(markupAt(Scale, 0)).toContain('<i>1</i>');
    expect(markupAt(() => <CurrentScaleContext.Provider value={0.5}><Scale /></CurrentScaleContext.Provider>, 0)).toContain('<i>0.5</i>');
    expect(() => renderToStaticMarkup(<Scale />)).toThrow(/useCurrentScale\(\) was called outside/);
    const Lenient = () => <i>{useCurrentScale({ dontThrowIfOutsideOfRemotion: true })}</i>;
    expect(renderToStaticMarkup(<Lenient />)).toBe('<i>1</i>');
  });

  it('trimBefore/trimAfter (and startFrom/endAt) are names for trimStart/trimEnd', () => {
    expect(resolveTrims('video', { src: 'a', trimBefore: 10, trimAfter: 50 })).toEqual({ trimStart: 10, trimEnd: 50 });
    expect(resolveTrims('audio', { src: 'a', startFrom: 3, endAt: 9 })).toEqual({ trimStart: 3, trimEnd: 9 });
    expect(resolveTrims('audio', { src: 'a', trimStart: 4, trimBefore: 4 })).toEqual({ trimStart: 4, trimEnd: undefined });
    expect(() => resolveTrims('video', { src: 'a', trimStart: 1, trimBefore: 2 })).toThrow(/<Video> got both "trimStart" and "trimBefore"/);
  });
});

describe('the porting guide', () => {
  it('ports the Remotion project by changing its imports only', () => {
    const dir = new URL('../../test/fixtures/port/', import.meta.url);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const file of ['ProductTeaser.tsx', 'Root.tsx', 'index.ts']) {
      const original = readFileSync(new URL(`remotion-original/${file}.txt`, dir), 'utf8');
      const ported = readFileSync(new URL(`guide/${file}`, dir), 'utf8');
      const mapped = original.replace(/from '(remotion|@remotion\/transitions)((?:\/[a-z-]+)?)'/g, (_m, pkg: string, sub: string) =>
        `from '${pkg === 'remotion' ? 'framewright' : 'framewright/transitions'}${sub}'`,
      );
      expect(ported, file).toBe(mapped);
      expect(original).toMatch(/from '(remotion|@remotion\/transitions)/);
      // The README shows the very same files.
      expect(readme, `README copy of ${file}`).toContain(`// ${file}\n${original}`);
    }
  });
});
