import { useLayoutEffect, useState, type RefObject } from 'react';

/** The scale at which a `width`×`height` frame fits inside the element (contain), kept current by a ResizeObserver. */
export function useFitScale(container: RefObject<HTMLElement | null>, width: number, height: number): number {
  const [scale, setScale] = useState(1);
  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    const measure = () => {
      const { clientWidth, clientHeight } = el;
      if (clientWidth === 0) return;
      // A container without its own height takes its height from the aspect ratio: fit the width.
      const byWidth = clientWidth / width;
      const byHeight = clientHeight > 0 ? clientHeight / height : byWidth;
      setScale(Math.min(byWidth, byHeight));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [container, width, height]);
  return scale;
}
