"use client";
/**
 * Whether an element is in (or near) the viewport, from an IntersectionObserver. Cards below the
 * fold use it to skip chart redraws nobody can see; they redraw once when they scroll back in.
 * Starts true, and stays true where the browser has no IntersectionObserver (or never reports,
 * as in test DOMs), so a chart is never left blank for want of an observer.
 */
import { useEffect, useState, type RefObject } from "react";

/** Charts this far below or above the viewport already count as in view: they are ready when scrolled to. */
export const VIEWPORT_MARGIN = "200px 0px";

export function useInViewport(ref: RefObject<Element | null>): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver !== "function") return;
    const observer = new IntersectionObserver(
      (entries) => {
        // Several entries for one target arrive oldest first: the last one is the current state.
        const last = entries[entries.length - 1];
        if (last) setInView(last.isIntersecting);
      },
      { rootMargin: VIEWPORT_MARGIN },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return inView;
}
