import { useCallback, useRef, type ForwardedRef, type RefObject } from 'react';

/**
 * A component's own ref to its element that also feeds the ref its caller forwarded (callback
 * or object). Returns the ref to read and the callback to put on the element.
 */
export function useForwardedRef<T>(forwarded: ForwardedRef<T>): [RefObject<T | null>, (el: T | null) => void] {
  const ref = useRef<T | null>(null);
  const setRef = useCallback(
    (el: T | null) => {
      ref.current = el;
      if (typeof forwarded === 'function') forwarded(el);
      else if (forwarded) forwarded.current = el;
    },
    [forwarded],
  );
  return [ref, setRef];
}
