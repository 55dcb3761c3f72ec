import { useRef } from 'react';

/**
 * Equal as props: the same primitives, plain objects and arrays with equal entries, Dates at the
 * same time; anything else (functions, class instances) only when it is the same object.
 */
export function propsEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const plain = (v: object) => Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null;
  if (!plain(a) || !plain(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => Object.prototype.hasOwnProperty.call(b, k) && propsEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The first of a run of equal values. Hosts write `inputProps={{ title }}`, a new object on every
 * render: without this, every re-render of the host (one per frame when it follows `frameupdate`)
 * would parse the props again, refire `error` for invalid ones and re-run calculateMetadata.
 */
export function useStableValue<T>(value: T): T {
  const kept = useRef(value);
  if (!propsEqual(kept.current, value)) kept.current = value;
  return kept.current;
}
