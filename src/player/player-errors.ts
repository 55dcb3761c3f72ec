import { useEffect } from 'react';
import { PlayerError, type PlayerEmitter } from './player-events.ts';

/** Anything a template threw, as the PlayerError the `error` event carries. */
export function asPlayerError(error: unknown, componentStack?: string): PlayerError {
  if (error instanceof PlayerError) return error;
  if (error instanceof Error) return new PlayerError('TEMPLATE_ERROR', `${error.name}: ${error.message}`, { ...(error.stack ? { stack: error.stack } : {}), ...(componentStack ? { componentStack } : {}) });
  return new PlayerError('TEMPLATE_ERROR', String(error));
}

/**
 * Emits `error` once per new error object, after the host's own effects (which is where a host
 * adds its ref listeners, so an error at mount reaches them too).
 */
export function useEmitError(emitter: PlayerEmitter, error: PlayerError | undefined): void {
  useEffect(() => {
    if (!error) return;
    let canceled = false;
    queueMicrotask(() => canceled || emitter.emit('error', { error }));
    return () => {
      canceled = true;
    };
  }, [error, emitter]);
}
