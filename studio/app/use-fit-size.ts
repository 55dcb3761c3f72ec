import { useLayoutEffect, useState, type RefObject } from 'react';

/** The largest `width`×`height` box (same aspect) that fits inside the element's content box. */
export function useFitSize(container: RefObject<HTMLElement | null>, width: number, height: number): { width: number; height: number } {
  const [size, setSize] = useState({ width, height });
  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    const measure = () => {
      const style = getComputedStyle(el);
      const w = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const h = el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      const scale = Math.max(0.01, Math.min(w / width, h / height));
      setSize({ width: Math.floor(width * scale), height: Math.floor(height * scale) });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [container, width, height]);
  return size;
}
