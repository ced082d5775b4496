"use client";
/**
 * The frame of every widget: theme, transparency and locale from the query, and the height
 * report. A ResizeObserver watches the content (not the viewport, which the parent sizes) and
 * posts `{ type: "tickwire:height", id, height }` to the parent whenever it changes. The target
 * origin is "*" on purpose: the host's origin is unknown, and a height is nothing secret; the
 * loader on the host checks where each message comes from.
 */
import { useEffect, useRef, type ReactNode } from "react";
import { heightMessage } from "../../../lib/widgets/heightMessage";
import type { CommonOptions } from "../../../lib/widgets/widgetOptions";

export function WidgetShell({ common, children }: { common: CommonOptions; children: ReactNode }) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const { id } = common;

  useEffect(() => {
    const body = bodyRef.current;
    if (!body || window.parent === window) return;
    let reported = -1;
    const report = (): void => {
      const height = Math.ceil(body.getBoundingClientRect().height);
      if (height === reported) return;
      reported = height;
      window.parent.postMessage(heightMessage(id, height), "*");
    };
    const observer = new ResizeObserver(report);
    observer.observe(body);
    report();
    return () => observer.disconnect();
  }, [id]);

  return (
    <div className="tw" data-theme={common.theme} data-transparent={common.transparent ? "" : undefined} lang={common.locale}>
      <div ref={bodyRef} className="tw__body">
        {children}
      </div>
    </div>
  );
}
