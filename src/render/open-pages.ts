import type { Project } from '../bundle/project.ts';
import type { ResolvedTemplate } from '../bundle/template-catalog.ts';
import type { RuntimeEnvironment } from '../runtime/environment.ts';
import type { ResolvedRenderOptions } from './options/registry.ts';
import { RenderPage } from './page/render-page.ts';
import { StackMapper } from './page/stack-mapper.ts';
import type { RenderHost } from './render-host.ts';

export interface OpenedPages {
  pages: RenderPage[];
  /** Closes every page and gives the browser back; safe to call more than once. */
  close(): Promise<void>;
}

/** Opens `count` pages with the template mounted, on the host's shared browser. */
export async function openPages(a: {
  host: RenderHost;
  project: Project;
  resolved: ResolvedTemplate;
  count: number;
  options: Pick<ResolvedRenderOptions, 'scale' | 'delayRenderTimeoutMs'>;
  /** More of the page's environment (media endpoints, scan mode). */
  environment?: Partial<RuntimeEnvironment>;
  signal?: AbortSignal;
}): Promise<OpenedPages> {
  const { siteUrl, publicUrl } = await a.host.site(a.resolved.bundle, a.project.config.publicDir);
  const lease = await a.host.browsers.acquire(a.signal);
  const mapper = new StackMapper(siteUrl, a.resolved.bundle.siteDir, a.project.config.projectDir);
  const opened: RenderPage[] = [];
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= Promise.all(opened.map((p) => p.close())).then(() => lease.release()));
  try {
    const settled = await Promise.allSettled(
      Array.from({ length: a.count }, () =>
        RenderPage.open({
          browser: lease.browser,
          warmPages: a.host.warmPages,
          siteUrl,
          publicUrl,
          templateId: a.resolved.template.id,
          inputProps: a.resolved.inputProps,
          propsFromMetadata: a.resolved.propsFromMetadata,
          metadata: a.resolved.metadata,
          scale: a.options.scale,
          transparent: a.resolved.template.transparent ?? false,
          delayRenderTimeoutMs: a.options.delayRenderTimeoutMs,
          stackMapper: mapper,
          environment: { inputProps: a.resolved.callerProps, ...a.environment },
          ...(a.signal ? { signal: a.signal } : {}),
        }).then((p) => {
          opened.push(p);
          return p;
        }),
      ),
    );
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    await close();
    throw error;
  }
  return { pages: opened, close };
}
