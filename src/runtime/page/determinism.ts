/**
 * Notices when a template reaches for something that differs between renders. Behaviour is left
 * as it is (the call still works); the renderer turns each notice into a warning with a hint.
 */
export type Notice = 'MATH_RANDOM' | 'DATE_NOW' | 'PERFORMANCE_NOW' | 'WALL_CLOCK_ANIMATION';

const pending = new Set<Notice>();
const reported = new Set<Notice>();

export function note(notice: Notice): void {
  if (!reported.has(notice)) pending.add(notice);
}

export function watchNondeterminism(): void {
  const random = Math.random;
  Math.random = () => {
    note('MATH_RANDOM');
    return random();
  };
  const now = Date.now;
  Date.now = () => {
    note('DATE_NOW');
    return now();
  };
  watchDateConstructor();
  watchPerformanceNow();
}

/** `new Date()` and `Date()` read the clock too; `new Date(value)` does not. */
function watchDateConstructor(): void {
  const RealDate = Date;
  const WatchedDate = function (this: unknown, ...args: unknown[]) {
    if (!new.target) {
      note('DATE_NOW');
      return RealDate();
    }
    if (args.length === 0) note('DATE_NOW');
    return Reflect.construct(RealDate, args, new.target) as Date;
  } as unknown as DateConstructor;
  // Same prototype and statics (now, parse, UTC): `instanceof Date` and Date.parse keep working.
  Object.setPrototypeOf(WatchedDate, RealDate);
  Object.defineProperty(WatchedDate, 'prototype', { value: RealDate.prototype, writable: false });
  RealDate.prototype.constructor = WatchedDate;
  globalThis.Date = WatchedDate;
}

/**
 * React's scheduler reads performance.now() for its own bookkeeping on every update; only calls
 * from elsewhere (the template) are noted. The scheduler's reads come through `unstable_now`.
 */
function watchPerformanceNow(): void {
  const real = performance.now.bind(performance);
  performance.now = () => {
    if (!new Error().stack?.includes('unstable_now')) note('PERFORMANCE_NOW');
    return real();
  };
}

/** Notices not reported before; each is reported once per page. */
export function takeNotices(): Notice[] {
  const out = [...pending];
  for (const n of out) reported.add(n);
  pending.clear();
  return out;
}
