/**
 * Hand-written SVG charts for docs/benchmarks.md: grouped bars and lines, no chart library.
 * Output is deterministic text, so regenerated docs diff cleanly.
 */

export interface BarSeries {
  name: string;
  color: string;
  /** One value per group; undefined draws no bar. */
  values: (number | undefined)[];
}

export interface LineSeries {
  name: string;
  color: string;
  points: [number, number][];
}

const W = 760;
const H = 380;
const PAD = { left: 70, right: 20, top: 44, bottom: 70 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const num = (x: number) => (Math.round(x * 10) / 10).toString();

/** Round axis maximum and tick step: 1, 2 or 5 times a power of ten. */
export function niceScale(max: number, ticks = 5): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 0.2 };
  const raw = max / ticks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) as number;
  return { max: Math.ceil(max / step) * step, step };
}

function label(value: number): string {
  if (value >= 1000) return `${num(value / 1000)}k`;
  if (value >= 10 || Number.isInteger(value)) return num(value);
  return String(Math.round(value * 100) / 100);
}

function frame(title: string, yLabel: string, body: string[], legend: { name: string; color: string }[]): string {
  const legendItems = legend.map(
    (s, i) =>
      `<rect x="${PAD.left + i * 170}" y="${H - 22}" width="12" height="12" fill="${s.color}"/>` +
      `<text x="${PAD.left + i * 170 + 18}" y="${H - 12}" font-size="12">${escapeXml(s.name)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="24" font-size="16" text-anchor="middle" font-weight="bold">${escapeXml(title)}</text>`,
    `<text transform="translate(16 ${PAD.top + plotH / 2}) rotate(-90)" font-size="12" text-anchor="middle">${escapeXml(yLabel)}</text>`,
    ...body,
    ...legendItems,
    `</svg>`,
    "",
  ].join("\n");
}

function yGrid(yOf: (v: number) => number, ticks: number[]): string[] {
  return ticks.flatMap((t) => [
    `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${num(yOf(t))}" y2="${num(yOf(t))}" stroke="#ddd"/>`,
    `<text x="${PAD.left - 6}" y="${num(yOf(t) + 4)}" font-size="11" text-anchor="end">${label(t)}</text>`,
  ]);
}

export function barChart(opts: { title: string; yLabel: string; groups: string[]; series: BarSeries[] }): string {
  const all = opts.series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
  const { max, step } = niceScale(Math.max(0, ...all));
  const yOf = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step);
  const groupW = plotW / Math.max(1, opts.groups.length);
  const barW = (groupW * 0.8) / Math.max(1, opts.series.length);
  const body = [...yGrid(yOf, ticks)];
  opts.groups.forEach((g, gi) => {
    const x0 = PAD.left + gi * groupW + groupW * 0.1;
    body.push(`<text x="${num(PAD.left + gi * groupW + groupW / 2)}" y="${PAD.top + plotH + 18}" font-size="12" text-anchor="middle">${escapeXml(g)}</text>`);
    opts.series.forEach((s, si) => {
      const v = s.values[gi];
      if (v === undefined || !Number.isFinite(v)) return;
      const x = x0 + si * barW;
      body.push(`<rect x="${num(x)}" y="${num(yOf(v))}" width="${num(barW - 2)}" height="${num(PAD.top + plotH - yOf(v))}" fill="${s.color}"/>`);
      body.push(`<text x="${num(x + barW / 2 - 1)}" y="${num(yOf(v) - 4)}" font-size="10" text-anchor="middle">${label(v)}</text>`);
    });
  });
  body.push(`<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" stroke="#333"/>`);
  return frame(opts.title, opts.yLabel, body, opts.series);
}

export function lineChart(opts: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  /** Log-scale y axis (values must be > 0). */
  yLog?: boolean;
  /** Dashed reference lines, e.g. a latency goal. */
  marks?: { y: number; label: string }[];
}): string {
  const pts = opts.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xMax = niceScale(Math.max(0, ...pts.map(([x]) => x))).max;
  const yValues = [...pts.map(([, y]) => y), ...(opts.marks ?? []).map((m) => m.y)];
  let yOf: (v: number) => number;
  let ticks: number[];
  if (opts.yLog) {
    const lo = 10 ** Math.floor(Math.log10(Math.max(1e-3, Math.min(...yValues.filter((y) => y > 0)))));
    const hi = 10 ** Math.ceil(Math.log10(Math.max(lo * 10, ...yValues)));
    yOf = (v) => PAD.top + plotH - ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotH;
    ticks = [];
    for (let t = lo; t <= hi * 1.0001; t *= 10) ticks.push(t);
  } else {
    const { max, step } = niceScale(Math.max(0, ...yValues));
    yOf = (v) => PAD.top + plotH - (v / max) * plotH;
    ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step);
  }
  const xOf = (v: number) => PAD.left + (v / xMax) * plotW;
  const xStep = niceScale(xMax).step;
  const body = [...yGrid(yOf, ticks)];
  for (let t = 0; t <= xMax + 1e-9; t += xStep) {
    body.push(`<text x="${num(xOf(t))}" y="${PAD.top + plotH + 16}" font-size="11" text-anchor="middle">${label(t)}</text>`);
  }
  body.push(`<text x="${PAD.left + plotW / 2}" y="${PAD.top + plotH + 36}" font-size="12" text-anchor="middle">${escapeXml(opts.xLabel)}</text>`);
  for (const m of opts.marks ?? []) {
    body.push(`<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${num(yOf(m.y))}" y2="${num(yOf(m.y))}" stroke="#999" stroke-dasharray="6 4"/>`);
    body.push(`<text x="${PAD.left + plotW - 4}" y="${num(yOf(m.y) - 4)}" font-size="11" text-anchor="end" fill="#666">${escapeXml(m.label)}</text>`);
  }
  for (const s of opts.series) {
    const p = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (p.length === 0) continue;
    body.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${p.map(([x, y]) => `${num(xOf(x))},${num(yOf(y))}`).join(" ")}"/>`);
    for (const [x, y] of p) body.push(`<circle cx="${num(xOf(x))}" cy="${num(yOf(y))}" r="3" fill="${s.color}"/>`);
  }
  body.push(`<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" stroke="#333"/>`);
  return frame(opts.title, opts.yLabel, body, opts.series);
}
