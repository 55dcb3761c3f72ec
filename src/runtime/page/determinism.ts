/**
 * Notices when a template reaches for something that differs between renders. Behaviour is left
 * as it is (the call still works); the renderer turns each notice into a warning with a hint.
 */
export type Notice = 'MATH_RANDOM' | 'DATE_NOW';

const pending = new Set<Notice>();
const reported = new Set<Notice>();

function note(notice: Notice): void {
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
}

/** Notices not reported before; each is reported once per page. */
export function takeNotices(): Notice[] {
  const out = [...pending];
  for (const n of out) reported.add(n);
  pending.clear();
  return out;
}
