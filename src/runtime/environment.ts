/**
 * What the page knows about where it runs. The Node side (renderer) or the Studio player sets it
 * before mounting a template; templates never touch it directly.
 */
export interface RuntimeEnvironment {
  /**
   * Base URL of the `public/` folder, ending in `/`. Relative by default: every site serves
   * `public/` beside its index.html, so staticFile() works even at module load, before mount.
   */
  publicUrl: string;
  /** How long a delayRender() handle may stay open before the frame fails. */
  delayRenderTimeoutMs: number;
  /** `render` captures frames; `player` previews live (Studio). */
  mode: 'render' | 'player';
  /**
   * Base URL (ending in `/`) of the renderer's media endpoints: decoded `<Video>` frames and the
   * guarded proxy for remote assets. Empty where there is no renderer (the player).
   */
  mediaUrl: string;
  /** True while the renderer only collects the media timeline (audio-only formats): no frames. */
  scanOnly: boolean;
  /** The props the caller passed to this render, before defaults (what getInputProps() returns). */
  inputProps: Record<string, unknown>;
}

const environment: RuntimeEnvironment = {
  publicUrl: 'public/',
  delayRenderTimeoutMs: 30_000,
  mode: 'render',
  mediaUrl: '',
  scanOnly: false,
  inputProps: {},
};

export function getEnvironment(): Readonly<RuntimeEnvironment> {
  return environment;
}

export function configureEnvironment(patch: Partial<RuntimeEnvironment>): void {
  Object.assign(environment, patch);
}
