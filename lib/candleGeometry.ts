/**
 * Where a candle's body and wick go inside the pixel box of its [low, high] range: shared by the
 * symbol page's recharts candles and the widgets' hand-drawn SVG, so both draw the same candle.
 */
import type { Bar } from "./bars/types";

export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CandleGeometry {
  up: boolean;
  /** Vertical line through the candle's middle, from high (y1) to low (y2). */
  wick: { x: number; y1: number; y2: number };
  /** Open-to-close rectangle; at least 1 px tall so a doji stays visible. */
  body: PixelBox;
}

/** `box` spans the bar's high (top, y) to its low (bottom, y + height). */
export function candleGeometry(box: PixelBox, bar: Pick<Bar, "o" | "h" | "l" | "c">): CandleGeometry {
  const up = bar.c >= bar.o;
  const range = bar.h - bar.l;
  const perUnit = range > 0 ? box.height / range : 0;
  const top = box.y + (bar.h - Math.max(bar.o, bar.c)) * perUnit;
  const bottom = box.y + (bar.h - Math.min(bar.o, bar.c)) * perUnit;
  const bodyWidth = Math.max(1, box.width * 0.7);
  const height = Math.max(1, bottom - top);
  return {
    up,
    wick: { x: box.x + box.width / 2, y1: box.y, y2: box.y + box.height },
    body: { x: box.x + (box.width - bodyWidth) / 2, y: range > 0 ? top : box.y - 0.5, width: bodyWidth, height },
  };
}

