/**
 * Candlesticks for recharts, which has no candle series: the documented pattern is a `Bar` over
 * the range [low, high] with a custom `shape`. Recharts hands the shape the pixel box of that
 * range; the body (open to close) and the wick (low to high) are placed inside it here.
 */
import type { Bar } from "../../../lib/bars/types";

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

/** The props recharts passes to a Bar's custom shape that this shape reads. */
export interface CandleShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  payload?: Bar;
}

export function CandleShape(props: CandleShapeProps) {
  const { x, y, width, height, payload } = props;
  if (x === undefined || y === undefined || width === undefined || height === undefined || !payload) return null;
  const g = candleGeometry({ x, y, width, height }, payload);
  const colour = g.up ? "var(--up)" : "var(--down)";
  return (
    <g className="candle" data-trend={g.up ? "up" : "down"}>
      <line x1={g.wick.x} x2={g.wick.x} y1={g.wick.y1} y2={g.wick.y2} stroke={colour} strokeWidth={1} />
      <rect x={g.body.x} y={g.body.y} width={g.body.width} height={g.body.height} fill={colour} />
    </g>
  );
}
