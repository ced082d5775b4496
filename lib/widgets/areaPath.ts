/**
 * SVG paths for the mini-chart widget's area chart: a line through the points and the same line
 * closed down to the baseline. Drawn by hand instead of with a chart library, which would be
 * most of an embed page's weight.
 */

export interface PlotPoint {
  t: number;
  price: number;
}

export interface AreaPaths {
  line: string;
  area: string;
}

/**
 * Maps points (oldest first) onto a `width` x `height` box with `pad` px kept free at the top
 * and bottom. Null with fewer than two points. A flat series is drawn through the middle.
 */
export function areaPaths(points: readonly PlotPoint[], width: number, height: number, pad = 2): AreaPaths | null {
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length < 2 || first === undefined || last === undefined) return null;

  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    if (p.price < min) min = p.price;
    if (p.price > max) max = p.price;
  }
  const span = last.t - first.t;
  const range = max - min;
  const x = (t: number): number => (span > 0 ? ((t - first.t) / span) * width : 0);
  const y = (price: number): number => (range > 0 ? pad + ((max - price) / range) * (height - 2 * pad) : height / 2);

  let line = "";
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    line += `${i === 0 ? "M" : "L"}${round(x(p.t))},${round(y(p.price))}`;
  }
  const area = `${line}L${round(x(last.t))},${height}L${round(x(first.t))},${height}Z`;
  return { line, area };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
