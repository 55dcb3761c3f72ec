import { Children, Fragment, isValidElement, type ReactNode } from 'react';

/**
 * The items of a series as a template writes them: fragments are opened (so scenes can come
 * from `.map()` returning `<>…</>`) and whitespace-only text, which JSX leaves between lines
 * such as `{' '}`, is dropped. Remotion's `<Series>` and `<TransitionSeries>` read their
 * children the same way, so ported series keep their scenes.
 */
export function flattenSeriesChildren(children: ReactNode): ReactNode[] {
  return Children.toArray(children).flatMap((child) => {
    if (isValidElement<{ children?: ReactNode }>(child) && child.type === Fragment) return flattenSeriesChildren(child.props.children);
    if (typeof child === 'string' && child.trim() === '') return [];
    return [child];
  });
}
