import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { Player, type PlayerRef } from '../../src/player/Player.tsx';
import type { PlayerError } from '../../src/player/player-events.ts';
import { useResolvedTemplate } from '../../src/player/use-resolved-template.ts';
import { propsEqual } from '../../src/player/use-stable-value.ts';
import { defineTemplate } from '../../src/runtime/define-template.ts';
import { SequenceCollectorContext } from '../../src/runtime/sequence-registry.ts';
import { z } from 'zod';
import { ErrorOverlay } from './ErrorOverlay.tsx';
import { PropsEditor } from './PropsEditor.tsx';
import { RenderPanel } from './RenderPanel.tsx';
import { useSequenceTracker } from './sequence-tracker.ts';
import { locateStack, useTemplateSource, type StudioProblem } from './template-source.ts';
import { TemplateList } from './TemplateList.tsx';
import { Timeline } from './Timeline.tsx';
import { TransportBar, type Zoom } from './TransportBar.tsx';
import { useFitSize } from './use-fit-size.ts';
import { useKeyboard } from './use-keyboard.ts';
import { readUrlState, writeUrlState } from './url-state.ts';

interface Info {
  mode: 'local' | 'service';
  renderOptionsSchema: Record<string, unknown>;
}

const initialUrl = readUrlState();

export function App() {
  const source = useTemplateSource();
  const [info, setInfo] = useState<Info | undefined>();
  useEffect(() => {
    void fetch('api/info').then(async (r) => setInfo((await r.json()) as Info));
  }, []);

  const [selected, setSelected] = useState<string | undefined>(initialUrl.template);
  const template = source.templates.find((t) => t.id === selected) ?? source.templates[0];
  // Props per template, so going back to a template finds the props left there.
  const [propsById, setPropsById] = useState<Record<string, Record<string, unknown>>>(() =>
    initialUrl.template && initialUrl.props ? { [initialUrl.template]: initialUrl.props } : {},
  );
  const stored = template ? propsById[template.id] : undefined;
  // Over the defaults, as the Player and a render merge them: a hand-written link may name only
  // the props it changes, and the form must show (and check) the rest as their defaults.
  const inputProps = useMemo(
    () => (template ? (stored ? { ...(template.defaultProps as Record<string, unknown>), ...stored } : (template.defaultProps as Record<string, unknown>)) : undefined),
    [template, stored],
  );
  const setProps = useCallback((props: Record<string, unknown>) => template && setPropsById((all) => ({ ...all, [template.id]: props })), [template]);
  const resolved = useResolvedTemplate(template ?? PLACEHOLDER, inputProps);
  const metadata = resolved.metadata ?? { width: 1920, height: 1080, fps: 30, durationInFrames: 1 };

  const player = useRef<PlayerRef>(null);
  const [frame, setFrame] = useState(initialUrl.frame ?? 0);
  const [playing, setPlaying] = useState(false);
  const [loop, setLoop] = useState(true);
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [runtimeProblem, setRuntimeProblem] = useState<StudioProblem | undefined>();
  const [tracker, sequences] = useSequenceTracker(`${template?.id}|${source.version}`);

  // Another template mounts a new Player, which starts at its own (clamped) first frame without
  // a frameupdate: read it, or the transport, timeline and URL keep the previous template's frame.
  useLayoutEffect(() => {
    if (player.current) setFrame(player.current.getCurrentFrame());
  }, [template?.id]);

  // A new bundle or another template: the old runtime error may be gone.
  useEffect(() => setRuntimeProblem(undefined), [source.version, template?.id]);

  useEffect(() => {
    if (!template) return;
    // Compared as the template sees them: the form adds each field's schema default, which is
    // still the default (a link to the defaults carries no props).
    const parsed = template.schema.safeParse(inputProps);
    const defaults = template.schema.safeParse(template.defaultProps);
    const isDefault = parsed.success && defaults.success && propsEqual(parsed.data, defaults.data);
    writeUrlState({ template: template.id, props: isDefault ? undefined : inputProps, frame: playing ? undefined : frame });
  }, [template, inputProps, frame, playing]);

  const onError = useCallback(async (error: PlayerError) => {
    // Invalid props are shown at their fields; everything else is the template's own error.
    if (error.code === 'INVALID_PROPS') return;
    const located = await locateStack(error.stack ?? error.message);
    setRuntimeProblem({ kind: 'runtime', message: error.message, location: located.location, stack: located.stack });
  }, []);

  const seek = useCallback((f: number) => player.current?.seekTo(f), []);
  const currentFrame = useCallback(() => player.current?.getCurrentFrame() ?? 0, []);
  // For automation (benchmarks, scripts): the Player's handle, as a user's app would hold it.
  useEffect(() => {
    (window as { framewrightStudio?: unknown }).framewrightStudio = { player: () => player.current };
  }, []);
  useKeyboard({
    fps: metadata.fps,
    step: (n) => seek((player.current?.getCurrentFrame() ?? 0) + n),
    toggle: () => player.current?.toggle(),
    toStart: () => seek(0),
    toEnd: () => seek(metadata.durationInFrames - 1),
  });

  const problems = useMemo(() => [...source.problems, ...(runtimeProblem ? [runtimeProblem] : [])], [source.problems, runtimeProblem]);
  const stage = useRef<HTMLDivElement>(null);
  const fitted = useFitSize(stage, metadata.width, metadata.height);
  const playerStyle: CSSProperties =
    zoom === 'fit' ? { ...fitted, flex: 'none' } : { width: metadata.width * zoom, height: metadata.height * zoom, flex: 'none' };
  const transparent = template?.transparent ?? false;

  return (
    <div className="studio">
      <header className="studio-header">
        <h1>Framewright Studio</h1>
        <span className={source.connected ? 'status ok' : 'status'}>{source.connected ? `live · build ${source.version}` : 'connecting…'}</span>
      </header>
      <TemplateList templates={source.templates} selected={template?.id} onSelect={setSelected} />
      <main className="stage-column">
        <div ref={stage} className={`stage${zoom === 'fit' ? ' fit' : ''}`} data-testid="stage">
          {template && inputProps && (
            <SequenceCollectorContext.Provider value={tracker}>
              <Player
                key={template.id}
                ref={player}
                template={template}
                inputProps={inputProps}
                loop={loop}
                initialFrame={template.id === initialUrl.template ? (initialUrl.frame ?? 0) : 0}
                className={transparent ? 'player checkerboard' : 'player opaque'}
                style={playerStyle}
                onFrameUpdate={setFrame}
                onPlay={() => setPlaying(true)}
                onPause={() => setPlaying(false)}
                onError={(e) => void onError(e)}
              />
            </SequenceCollectorContext.Provider>
          )}
          <ErrorOverlay problems={problems} />
        </div>
        <TransportBar
          frame={frame}
          durationInFrames={metadata.durationInFrames}
          fps={metadata.fps}
          playing={playing}
          loop={loop}
          zoom={zoom}
          onToggle={() => player.current?.toggle()}
          onSeek={seek}
          onLoop={setLoop}
          onZoom={setZoom}
        />
        <Timeline frame={frame} durationInFrames={metadata.durationInFrames} sequences={sequences} onSeek={seek} />
      </main>
      <aside className="side-panel">
        {template && inputProps && <PropsEditor key={template.id} template={template} props={inputProps} onChange={setProps} />}
        <RenderPanel mode={info?.mode ?? 'local'} optionsSchema={info?.renderOptionsSchema} template={template?.id} props={resolved.props} currentFrame={currentFrame} />
      </aside>
    </div>
  );
}

// useResolvedTemplate needs a template before the first bundle arrives.
const PLACEHOLDER = defineTemplate({ id: 'none', component: () => null, schema: z.object({}), defaultProps: {}, width: 1920, height: 1080, fps: 30, durationInFrames: 1 });
