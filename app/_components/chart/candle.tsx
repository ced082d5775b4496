/**
 * Candlesticks for recharts, which has no candle series: the documented pattern is a `Bar` over
 * the range [low, high] with a custom `shape`. Recharts hands the shape the pixel box of that
 * range; the body (open to close) and the wick (low to high) are placed inside it here.
 */
import type { Bar } from "../../../lib/bars/types";
import { candleGeometry } from "../../../lib/candleGeometry";

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
