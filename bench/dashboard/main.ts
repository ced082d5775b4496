/**
 * `npm run bench:dashboard`: the production dashboard in headless Chromium watching 50 symbols
 * that tick 10 times a second each, measured for 15 s: frame intervals, long tasks, JS heap and
 * publish-to-paint delay. Prints a table, writes results/latest.json. A benchmark, not a test:
 * it reports against the goal and exits 0 either way (1 only when it could not run).
 *
 * Env: BENCH_SYMBOLS (50), BENCH_TICK_RATE (10), BENCH_SECONDS (15, at least 10),
 * BENCH_WARMUP_SECONDS (3), CHROMIUM_PATH (/usr/bin/chromium); BENCH_PROFILE=1 adds a CPU
 * profile of the window (results/latest.cpuprofile) and prints the hottest functions.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { decodeServerFrame } from "../../lib/protocol";
import { DEFAULT_UNIVERSE } from "../../lib/universe";
import { ensureBuilt } from "../../e2e/support/build";
import { DashboardProcess } from "../../e2e/support/dashboardProcess";
import { FeedProcess } from "../../e2e/support/feedProcess";
import { ROOT } from "../../e2e/support/paths";
import { installProbe } from "./probe";
import { startProfile } from "./profile";
import { rounded, table, verdict, type DashboardBenchResult } from "./report";
import { distribution, round1 } from "./stats";

const RESULTS = join(ROOT, "bench", "dashboard", "results", "latest.json");
const VIEWPORT = { width: 1280, height: 800 };
const BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
/** Exact heap numbers (not bucketed) and a gc() to measure retained heap. */
const MEASURE_ARGS = ["--enable-precise-memory-info", "--js-flags=--expose-gc"];

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

/** The simulator's built-in symbols first, then generated ones (any valid symbol simulates). */
function benchSymbols(count: number): string[] {
  const names = DEFAULT_UNIVERSE.map((s) => s.symbol).slice(0, count);
  for (let i = 1; names.length < count; i++) names.push(`SYN${String(i).padStart(2, "0")}`);
  return names;
}

async function heapMB(page: Page, collect: boolean): Promise<number> {
  const bytes = await page.evaluate((gc) => {
    if (gc) (window as unknown as { gc?: () => void }).gc?.();
    return (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? Number.NaN;
  }, collect);
  return round1(bytes / 1024 / 1024);
}

async function main(): Promise<void> {
  const symbolCount = intFromEnv("BENCH_SYMBOLS", 50, 1);
  const tickRate = intFromEnv("BENCH_TICK_RATE", 10, 1);
  const seconds = intFromEnv("BENCH_SECONDS", 15, 10);
  const warmup = intFromEnv("BENCH_WARMUP_SECONDS", 3, 0);
  const symbols = benchSymbols(symbolCount);

  ensureBuilt((line) => console.error(line));
  const feed = await FeedProcess.start({ FEED_SYMBOLS: symbols.join(","), FEED_TICK_RATE: String(tickRate), FEED_SEED: "1" });
  let dashboard: DashboardProcess | null = null;
  let browser: Browser | null = null;
  try {
    dashboard = await DashboardProcess.start({ feedUrl: feed.wsUrl });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [...BROWSER_ARGS, ...MEASURE_ARGS],
    });
    const page = await browser.newPage({ viewport: VIEWPORT });

    // Tick birth times, recorded outside the page so the page does no extra work for them.
    const bornAt = new Map<string, number>();
    let measuring = false;
    let ticksReceived = 0;
    page.on("websocket", (ws) =>
      ws.on("framereceived", ({ payload }) => {
        const decoded = decodeServerFrame(String(payload));
        if (!decoded.ok || decoded.value.type !== "tick") return;
        const tick = decoded.value;
        bornAt.set(`${tick.symbol}:${tick.seq}`, tick.ts);
        if (measuring) ticksReceived += 1;
      }),
    );
    // tsx compiles with esbuild's keepNames, which wraps inner functions in __name(); the page
    // has no such helper, so the serialised probe gets an identity stand-in.
    await page.addInitScript({ content: `var __name = (f) => f; (${installProbe.toString()})();` });
    await page.goto(`${dashboard.url}/?symbols=${symbols.join(",")}`);
    const readiness = () =>
      page.evaluate(() => {
        const cards = [...document.querySelectorAll("section.card")];
        return {
          status: document.querySelector('[role="status"]')?.getAttribute("data-state") ?? "none",
          cards: cards.length,
          live: cards.filter((c) => Number(c.getAttribute("data-seq")) > 0).length,
        };
      });
    const deadline = Date.now() + 60_000;
    for (let r = await readiness(); r.status !== "live" || r.live < symbols.length; r = await readiness()) {
      if (Date.now() > deadline) throw new Error(`dashboard not live with ${symbols.length} cards: ${JSON.stringify(r)}`);
      await page.waitForTimeout(100);
    }
    console.error(`[bench] ${symbols.length} cards live; warming up ${warmup} s, then measuring ${seconds} s`);
    await page.waitForTimeout(warmup * 1000);

    const heapStart = await heapMB(page, true);
    const loadBefore = loadavg()[0]!;
    const stopProfile = process.env.BENCH_PROFILE === "1" ? await startProfile(page) : null;
    await page.evaluate(() => window.__dashboardProbe!.start());
    measuring = true;
    await page.waitForTimeout(seconds * 1000);
    const probe = await page.evaluate(() => window.__dashboardProbe!.stop());
    measuring = false;
    const profile = await stopProfile?.();
    const loadAfter = loadavg()[0]!;
    const heapEndBeforeGc = await heapMB(page, false);
    const heapEnd = await heapMB(page, true);

    const toNextFrame: number[] = [];
    const toAfterPaint: number[] = [];
    for (const change of probe.seqChanges) {
      for (let seq = change.from + 1; seq <= change.to; seq++) {
        const ts = bornAt.get(`${change.symbol}:${seq}`);
        if (ts === undefined) continue;
        toNextFrame.push(change.nextFrameMs - ts);
        toAfterPaint.push(change.afterPaintMs - ts);
      }
    }
    const frames = distribution(probe.frameIntervalsMs);
    const publishToPaint = distribution(toNextFrame);
    const longest = probe.longTasks.reduce((max, t) => Math.max(max, t.durationMs), 0);
    const cpu = cpus();
    const result = rounded({
      command: "npm run bench:dashboard",
      date: new Date().toISOString(),
      machine: {
        cpuModel: cpu[0]?.model.trim() ?? "unknown",
        cpus: cpu.length,
        node: process.version,
        chromium: browser.version(),
        loadAverage1m: { before: round1(loadBefore), after: round1(loadAfter) },
      },
      config: {
        symbols: symbols.length,
        tickRatePerSymbol: tickRate,
        measureSeconds: seconds,
        warmupSeconds: warmup,
        viewport: `${VIEWPORT.width}×${VIEWPORT.height}`,
      },
      load: { ticksReceived, ticksPerSecond: ticksReceived / (probe.windowMs / 1000), seqUpdates: probe.seqChanges.length },
      frameIntervalMs: frames,
      longTasks: { count: probe.longTasks.length, maxMs: longest, totalMs: probe.longTasks.reduce((sum, t) => sum + t.durationMs, 0) },
      heapMB: { start: heapStart, endBeforeGc: heapEndBeforeGc, end: heapEnd },
      publishToPaintMs: publishToPaint,
      publishToAfterPaintMs: distribution(toAfterPaint),
      goal: verdict(frames, probe.longTasks.length, publishToPaint),
    } satisfies DashboardBenchResult);

    mkdirSync(join(RESULTS, ".."), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    console.log(table(result));
    if (profile) {
      writeFileSync(RESULTS.replace(/\.json$/, ".cpuprofile"), JSON.stringify(profile.raw));
      console.log("\nhottest functions (self time in the window):");
      for (const f of profile.hot) console.log(`  ${String(f.selfMs).padStart(8)} ms ${String(f.share).padStart(5)} %  ${f.name}`);
    }
    console.log(`\nwrote ${RESULTS.slice(ROOT.length)}`);
  } finally {
    await browser?.close();
    await dashboard?.stop();
    await feed.stop();
  }
}

// Ctrl-C exits through process.exit, so the servers' exit hook (managedProcess.ts) kills them.
process.once("SIGINT", () => process.exit(130));
main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
