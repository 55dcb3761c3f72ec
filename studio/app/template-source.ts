import { useEffect, useState } from 'react';
import type { TemplateDefinition } from '../../src/runtime/define-template.ts';
import { collectRegistrations } from './shared-modules.ts';

export interface SourceLine {
  number: number;
  text: string;
}

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  lines: SourceLine[];
}

export interface StudioProblem {
  /** Where it came from: the build (syntax, imports) or the template at run time. */
  kind: 'build' | 'runtime';
  message: string;
  location: SourceLocation | undefined;
  stack?: string;
}

type BuildState =
  | { ok: true; version: number; durationMs: number; finishedAt: number; stylesheet: boolean }
  | { ok: false; version: number; errors: Array<{ message: string; location?: SourceLocation }>; finishedAt: number };

export interface TemplateSource {
  templates: TemplateDefinition[];
  /** Increases with every bundle loaded into the page. */
  version: number;
  /** Set while the latest build failed or its code threw when loaded. */
  problems: StudioProblem[];
  connected: boolean;
}

/** Maps a browser stack to the author's files (the server holds the source map). */
export async function locateStack(stack: string): Promise<{ stack: string; location: SourceLocation | undefined }> {
  const response = await fetch('api/locate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stack }) });
  if (!response.ok) return { stack, location: undefined };
  return (await response.json()) as { stack: string; location: SourceLocation | undefined };
}

/**
 * Puts the build's stylesheet (the CSS the templates import) in the page, replacing the last
 * build's once loaded, so that the frame never shows unstyled; none when the build has none.
 */
function loadStylesheet(version: number, present: boolean): Promise<void> {
  const previous = [...document.querySelectorAll<HTMLLinkElement>('link[data-framewright-templates]')];
  if (!present) {
    for (const old of previous) old.remove();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = `build/templates.css?v=${version}`;
    link.dataset.framewrightTemplates = String(version);
    const done = () => {
      for (const old of previous) old.remove();
      resolve();
    };
    // A stylesheet that fails to load leaves the templates unstyled, as the renderer would.
    link.onload = done;
    link.onerror = done;
    document.head.append(link);
  });
}

function loadBundle(version: number): Promise<{ templates: TemplateDefinition[]; error?: unknown }> {
  return new Promise((resolve) => {
    const take = collectRegistrations();
    const src = `build/templates.js?v=${version}`;
    let thrown: unknown;
    // A throw at the bundle's top level (a template module that throws) arrives as a window error.
    const onError = (event: ErrorEvent) => {
      if (!event.filename?.includes('/build/templates.js')) return;
      thrown ??= event.error ?? new Error(event.message);
      event.preventDefault();
    };
    window.addEventListener('error', onError);
    const script = document.createElement('script');
    script.src = src;
    script.dataset.framewrightTemplates = String(version);
    const done = (error?: unknown) => {
      window.removeEventListener('error', onError);
      for (const old of document.querySelectorAll<HTMLScriptElement>('script[data-framewright-templates]')) if (old !== script) old.remove();
      const templates = take();
      resolve(error === undefined ? { templates } : { templates, error });
    };
    script.onload = () => done(thrown);
    script.onerror = () => done(new Error(`Could not load ${src}`));
    document.head.append(script);
  });
}

/**
 * Follows the server's builds (SSE): loads each good bundle into the page and reports the
 * problems of a bad one. The Studio keeps its state (template, props, frame) across loads.
 */
export function useTemplateSource(): TemplateSource {
  const [source, setSource] = useState<TemplateSource>({ templates: [], version: 0, problems: [], connected: false });
  useEffect(() => {
    const events = new EventSource('api/events');
    let queue = Promise.resolve();
    events.onopen = () => setSource((s) => ({ ...s, connected: true }));
    events.onerror = () => setSource((s) => ({ ...s, connected: false }));
    events.addEventListener('build', (event) => {
      const state = JSON.parse((event as MessageEvent<string>).data) as BuildState;
      queue = queue.then(async () => {
        if (!state.ok) {
          setSource((s) => ({ ...s, problems: state.errors.map((e) => ({ kind: 'build', message: e.message, location: e.location })) }));
          return;
        }
        const [loaded] = await Promise.all([loadBundle(state.version), loadStylesheet(state.version, state.stylesheet)]);
        if (loaded.error !== undefined) {
          const error = loaded.error instanceof Error ? loaded.error : new Error(String(loaded.error));
          const located = await locateStack(error.stack ?? String(error));
          setSource((s) => ({ ...s, problems: [{ kind: 'runtime', message: `${error.name}: ${error.message}`, location: located.location, stack: located.stack }] }));
          return;
        }
        setSource((s) => ({ ...s, templates: loaded.templates, version: state.version, problems: [] }));
      });
    });
    return () => events.close();
  }, []);
  return source;
}
