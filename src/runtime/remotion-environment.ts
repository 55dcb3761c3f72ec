import { getEnvironment } from './environment.ts';

export interface RemotionEnvironment {
  isStudio: boolean;
  isRendering: boolean;
  isPlayer: boolean;
  isReadOnlyStudio: boolean;
  isClientSideRendering: boolean;
}

/**
 * Where the template runs, under Remotion's name: rendering (the renderer's pages) or a player
 * (the Studio and `<Player>`, which Framewright does not tell apart).
 */
export function getRemotionEnvironment(): RemotionEnvironment {
  const { mode } = getEnvironment();
  return { isStudio: false, isRendering: mode === 'render', isPlayer: mode === 'player', isReadOnlyStudio: false, isClientSideRendering: false };
}

/**
 * Remotion's `useRemotionEnvironment()` (the form its docs now recommend): the same answer as
 * `getRemotionEnvironment()`, since one page renders one template in one environment.
 */
export function useRemotionEnvironment(): RemotionEnvironment {
  return getRemotionEnvironment();
}
