/**
 * `npm run bench:ui`: what the market-depth views cost, against the real feed (the simulator's
 * 36 symbols at BENCH_TICK_RATE ticks a second each, default 10) and the production dashboard in
 * headless Chromium. For BENCH_SECONDS (default 20) each, it measures:
 * - /markets (every symbol on conflated `1d` bars): animation-frame intervals and long tasks with
 *   the dashboard benchmark's probe, and the WebSocket frames and bytes the page receives;
 * - one quote widget page (/embed/quote?symbol=AAPL): the same;
 * - the wire cost of one widget's subscription before (every tick, as the quote, tape and overview
 *   widgets subscribed until issue 11) and after (`bars:"1d"`): two plain WebSocket clients side
 *   by side on the same feed, so both see the same ticks.
 * Writes bench/ui/results/latest.json and docs/ui-figures.md. A benchmark: it exits 0 either way
 * (1 only when it could not run, 2 for a bad setting).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "@playwright/test";
import WebSocket from "ws";
import { ensureBuilt } from "../../e2e/support/build";
import { DashboardProcess } from "../../e2e/support/dashboardProcess";
import { FeedProcess } from "../../e2e/support/feedProcess";
import { ROOT } from "../../e2e/support/paths";
import { installProbe } from "../dashboard/probe";
import { distribution, round1, type Distribution } from "../dashboard/stats";

const RESULTS = join(ROOT, "bench", "ui", "results", "latest.json");
const DOC = join(ROOT, "docs", "ui-figures.md");
const BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const WARMUP_MS = 3_000;

function intFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    console.error(`${name}=${JSON.stringify(raw)}: expected an integer of at least ${min}`);
    process.exit(2);
  }
  return value;
}

interface WireCost {
  framesPerSecond: number;
  bytesPerMinute: number;
}

interface PageCost extends WireCost {
  frameIntervalMs: Distribution;
  longTasks: number;
}

const perSecond = (n: number, ms: number) => round1(n / (ms / 1000));
const perMinute = (n: number, ms: number) => Math.round(n / (ms / 60_000));

/** Opens `url`, waits for `ready` (a selector), warms up, then measures for `seconds`. */
async function measurePage(browser: Browser, url: string, ready: string, seconds: number): Promise<PageCost> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  let frames = 0;
  let bytes = 0;
  let counting = false;
  page.on("websocket", (ws) =>
    ws.on("framereceived", ({ payload }) => {
      if (!counting) return;
      frames += 1;
      bytes += Buffer.byteLength(String(payload));
    }),
  );
  // See bench/dashboard/main.ts: tsx's keepNames helper does not exist in the page.
  await page.addInitScript({ content: `var __name = (f) => f; (${installProbe.toString()})();` });
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(WARMUP_MS);
  await page.evaluate(() => window.__dashboardProbe!.start());
  counting = true;
  await page.waitForTimeout(seconds * 1000);
  counting = false;
  const probe = await page.evaluate(() => window.__dashboardProbe!.stop());
  await page.close();
  const intervals = distribution(probe.frameIntervalsMs);
  return {
    framesPerSecond: perSecond(frames, probe.windowMs),
    bytesPerMinute: perMinute(bytes, probe.windowMs),
    frameIntervalMs: { ...intervals, mean: round1(intervals.mean), p50: round1(intervals.p50), p95: round1(intervals.p95), p99: round1(intervals.p99), max: round1(intervals.max) },
    longTasks: probe.longTasks.length,
  };
}

/** One WebSocket client sending `subscribe`, counting what it receives after its snapshot. */
function wireClient(url: string, subscribe: object): { stop(): WireCost; start(): void; ready: Promise<void> } {
  const ws = new WebSocket(url);
  let frames = 0;
  let bytes = 0;
  let since = 0;
  let counting = false;
  const ready = new Promise<void>((resolve, reject) => {
    ws.once("error", reject);
    ws.on("message", (data) => {
      const text = String(data);
      if (text.includes('"type":"welcome"')) ws.send(JSON.stringify(subscribe));
      if (text.includes('"type":"snapshot"')) resolve();
      if (!counting) return;
      frames += 1;
      bytes += Buffer.byteLength(text);
    });
  });
  return {
    ready,
    start() {
      counting = true;
      since = Date.now();
    },
    stop() {
      counting = false;
      const ms = Date.now() - since;
      ws.close();
      return { framesPerSecond: perSecond(frames, ms), bytesPerMinute: perMinute(bytes, ms) };
    },
  };
}

function doc(result: Record<string, unknown> & { markets: PageCost; quoteWidget: PageCost; widgetWire: { ticks: WireCost; bars1d: WireCost } }): string {
  const m = result.markets;
  const q = result.quoteWidget;
  const w = result.widgetWire;
  return `# Dashboard views: measured cost

Written by \`npm run bench:ui\` (bench/ui/main.ts) from [bench/ui/results/latest.json](../bench/ui/results/latest.json);
do not edit by hand. Machine: ${JSON.stringify(result.machine)}. Config: ${JSON.stringify(result.config)}.

## /markets (${result.symbols} symbols on conflated \`1d\` bars)

| measure | value |
| --- | --- |
| feed frames received | ${m.framesPerSecond} /s |
| bytes received | ${m.bytesPerMinute} /min |
| animation-frame interval p50 / p95 / p99 / max | ${m.frameIntervalMs.p50} / ${m.frameIntervalMs.p95} / ${m.frameIntervalMs.p99} / ${m.frameIntervalMs.max} ms |
| long tasks (> 50 ms) | ${m.longTasks} |

## One widget

Wire cost of one widget's subscription to AAPL, the same feed, the same seconds:

| subscription | frames/s | bytes/min |
| --- | --- | --- |
| before: every tick (\`{"op":"subscribe","symbols":["AAPL"]}\`) | ${w.ticks.framesPerSecond} | ${w.ticks.bytesPerMinute} |
| after: \`bars:"1d"\` (quote, tape, symbol overview) | ${w.bars1d.framesPerSecond} | ${w.bars1d.bytesPerMinute} |

The quote widget page (/embed/quote?symbol=AAPL) in Chromium: ${q.framesPerSecond} feed frames/s (bars and pongs),
${q.bytesPerMinute} bytes/min, animation-frame interval p50 ${q.frameIntervalMs.p50} ms, p99 ${q.frameIntervalMs.p99} ms, ${q.longTasks} long tasks.
`;
}

async function main(): Promise<void> {
  const tickRate = intFromEnv("BENCH_TICK_RATE", 10, 1);
  const seconds = intFromEnv("BENCH_SECONDS", 20, 5);
  ensureBuilt((line) => console.error(line));
  const feed = await FeedProcess.start({ FEED_TICK_RATE: String(tickRate), FEED_SEED: "1" });
  let dashboard: DashboardProcess | null = null;
  let browser: Browser | null = null;
  try {
    dashboard = await DashboardProcess.start({ feedUrl: feed.wsUrl });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: BROWSER_ARGS });
    const loadBefore = loadavg()[0]!;

    console.error(`[bench] wire: ticks vs bars:"1d", ${seconds} s`);
    const ticks = wireClient(feed.wsUrl, { op: "subscribe", symbols: ["AAPL"] });
    const bars = wireClient(feed.wsUrl, { op: "subscribe", symbols: ["AAPL"], bars: "1d" });
    await Promise.all([ticks.ready, bars.ready]);
    ticks.start();
    bars.start();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const widgetWire = { ticks: ticks.stop(), bars1d: bars.stop() };

    console.error(`[bench] /markets, ${seconds} s`);
    const markets = await measurePage(browser, `${dashboard.url}/markets`, ".heatmap__tile", seconds);
    console.error(`[bench] /embed/quote, ${seconds} s`);
    const quoteWidget = await measurePage(browser, `${dashboard.url}/embed/quote?symbol=AAPL`, ".tw-quote", seconds);

    const cpu = cpus();
    const result = {
      command: "npm run bench:ui",
      date: new Date().toISOString(),
      machine: {
        cpuModel: cpu[0]?.model.trim() ?? "unknown",
        cpus: cpu.length,
        node: process.version,
        chromium: browser.version(),
        loadAverage1m: { before: round1(loadBefore), after: round1(loadavg()[0]!) },
      },
      config: { tickRatePerSymbol: tickRate, measureSeconds: seconds, warmupSeconds: WARMUP_MS / 1000 },
      symbols: 36,
      markets,
      quoteWidget,
      widgetWire,
    };
    mkdirSync(join(RESULTS, ".."), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(DOC, doc(result));
    console.log(JSON.stringify({ markets, quoteWidget, widgetWire }, null, 2));
    console.log(`wrote ${RESULTS.slice(ROOT.length)} and ${DOC.slice(ROOT.length)}`);
  } finally {
    await browser?.close();
    await dashboard?.stop();
    await feed.stop();
  }
}

process.once("SIGINT", () => process.exit(130));
main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
