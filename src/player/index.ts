/**
 * `framewright/player`: play a template in any React app. Browser-only; no Node imports here
 * and nothing from the service.
 */
export { Player } from './Player.tsx';
export type { PlayerProps, PlayerRef } from './Player.tsx';
export { PlayerError } from './player-events.ts';
export type { PlayerEventMap, PlayerEventName, PlayerListener } from './player-events.ts';
export type { PlaybackStats } from './use-playback.ts';
export { SequenceCollectorContext } from '../runtime/sequence-registry.ts';
export type { SequenceCollector, SequenceInfo } from '../runtime/sequence-registry.ts';
