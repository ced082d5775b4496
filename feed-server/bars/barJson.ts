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

/**
 * What a live reader of a store needs beyond the bar (the BARS stream read by NATS edges): the
 * seq of the last tick in it and the epoch that seq belongs to.
 */
export interface BarTag {
  /** Seq of the newest tick folded into the bar. */
  s: number;
  /** Epoch of that seq. */
  e: string;
}

/** A bar with its tag, when `bar` carries one (`s` and `e` fields), else as encodeBar. */
export function encodeTaggedBar(bar: Bar): string {
  if ("s" in bar && "e" in bar && typeof bar.s === "number" && typeof bar.e === "string") {
    return JSON.stringify({ t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v, n: bar.n, s: bar.s, e: bar.e });
  }
  return encodeBar(bar);
}

/** The bar in `text` and its tag if it has a valid one; undefined when it is not a bar. */
export function decodeTaggedBar(text: string): { bar: Bar; tag?: BarTag } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const bar = toBar(value);
  if (!bar) return undefined;
  const r = value as Record<string, unknown>;
  const { s, e } = r;
  return typeof s === "number" && Number.isInteger(s) && s >= 0 && typeof e === "string" ? { bar, tag: { s, e } } : { bar };
}
