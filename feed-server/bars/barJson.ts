/** A bar as JSON on the wire or in a store, and its narrowing back from `unknown`. */
import type { Bar } from "../../lib/bars/types";

const FIELDS = ["t", "o", "h", "l", "c", "v", "n"] as const;

export function encodeBar(bar: Bar): string {
  return JSON.stringify({ t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v, n: bar.n });
}

/** The bar in `value`, or undefined when it is not one (a field missing or not a finite number). */
export function toBar(value: unknown): Bar | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const r = value as Record<string, unknown>;
  for (const f of FIELDS) if (typeof r[f] !== "number" || !Number.isFinite(r[f])) return undefined;
  return { t: r.t as number, o: r.o as number, h: r.h as number, l: r.l as number, c: r.c as number, v: r.v as number, n: r.n as number };
}

export function decodeBar(text: string): Bar | undefined {
  try {
    return toBar(JSON.parse(text));
  } catch {
    return undefined;
  }
}
