/** Folds finer bars into a coarser interval (1m into 5m, 1h or 1d), oldest first in and out. */
import { barEnd, barStart } from "./align";
import type { Bar, Interval, SymbolKind } from "./types";

export function rollUp(bars: readonly Bar[], interval: Interval, kind: SymbolKind): Bar[] {
  const out: Bar[] = [];
  let cur: Bar | undefined;
  let end = -Infinity;
  for (const b of bars) {
    if (cur && b.t < end) {
      if (b.h > cur.h) cur.h = b.h;
      if (b.l < cur.l) cur.l = b.l;
      cur.c = b.c;
      cur.v += b.v;
      cur.n += b.n;
      continue;
    }
    const t = barStart(interval, b.t, kind);
    end = barEnd(interval, t, kind);
    cur = { t, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, n: b.n };
    out.push(cur);
  }
  return out;
}
