/**
 * Shared Playwright fixtures: a real feed server and a production dashboard (`next start`)
 * per worker, both on 127.0.0.1 and free ports, stopped when the worker ends.
 *
 *   import { test, expect, card } from "./fixtures";
 *   test("…", async ({ page, feed, frames }) => { await page.goto("/?symbols=AAPL"); … });
 *
 * - `baseURL` is the dashboard, so `page.goto("/")` works.
 * - `feed` is the worker's feed server: `feed.kill("SIGTERM" | "SIGKILL")`, `feed.restart()`
 *   (same port, so the dashboard's FEED_PUBLIC_URL stays right; the restart has a new epoch).
 *   A test that leaves it dead gets it restarted after it, so later tests find it running.
 * - `frames` records the page's feed WebSocket frames (attach happens before the test body).
 * - `launch` starts extra feeds, dashboards and TCP proxies for one test and stops them after.
 */
import { test as base, expect, type Locator, type Page } from "@playwright/test";
import { DashboardProcess } from "./support/dashboardProcess";
import { FeedProcess } from "./support/feedProcess";
import { FrameLog } from "./support/frameLog";
import { TcpProxy } from "./support/tcpProxy";

/** Settings of the worker's feed server: reproducible prices, ticks fast enough to see. */
export const FEED_ENV: Readonly<Record<string, string>> = { FEED_SEED: "7", FEED_TICK_RATE: "8" };

export interface Stack {
  feed: FeedProcess;
  dashboard: DashboardProcess;
}

export interface Launcher {
  /** A feed server of its own (FEED_ENV plus `env`). */
  feed(env?: Readonly<Record<string, string>>): Promise<FeedProcess>;
  /** A dashboard whose browsers use `feedUrl`. */
  dashboard(feedUrl: string): Promise<DashboardProcess>;
  /** A cuttable TCP pass-through to 127.0.0.1:`targetPort`. */
  proxy(targetPort: number): Promise<TcpProxy>;
}

interface WorkerFixtures {
  stack: Stack;
}

interface TestFixtures {
  feed: FeedProcess;
  dashboard: DashboardProcess;
  frames: FrameLog;
  launch: Launcher;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  stack: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const feed = await FeedProcess.start(FEED_ENV);
      let dashboard: DashboardProcess | null = null;
      try {
        dashboard = await DashboardProcess.start({ feedUrl: feed.wsUrl });
        await use({ feed, dashboard });
      } finally {
        await dashboard?.stop();
        await feed.stop();
      }
    },
    { scope: "worker", timeout: 60_000 },
  ],

  baseURL: async ({ stack }, use) => use(stack.dashboard.url),

  feed: async ({ stack }, use) => {
    await use(stack.feed);
    if (!stack.feed.running) await stack.feed.restart();
  },

  dashboard: async ({ stack }, use) => use(stack.dashboard),

  frames: async ({ page }, use) => use(FrameLog.attach(page)),

  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  launch: async ({}, use) => {
    const stops: (() => Promise<void>)[] = [];
    const owned = <T>(thing: T, stop: (thing: T) => Promise<void>): T => {
      stops.push(() => stop(thing));
      return thing;
    };
    try {
      await use({
        feed: async (env = {}) => owned(await FeedProcess.start({ ...FEED_ENV, ...env }), (f) => f.stop()),
        dashboard: async (feedUrl) => owned(await DashboardProcess.start({ feedUrl }), (d) => d.stop()),
        proxy: async (targetPort) => owned(await TcpProxy.start(targetPort), (p) => p.close()),
      });
    } finally {
      for (const stop of stops.reverse()) await stop();
    }
  },
});

export { expect };

/** A watchlist card: `<section aria-label="AAPL">`. */
export function card(page: Page, symbol: string): Locator {
  return page.locator(`section.card[aria-label="${symbol}"]`);
}

/** Symbols of the cards on the page, in order. */
export async function cardSymbols(page: Page): Promise<string[]> {
  return page.locator("section.card").evaluateAll((els) => els.map((el) => el.getAttribute("aria-label") ?? ""));
}

/** The connection indicator ("Live · 3 ms", "Reconnecting…", "Offline", "Connecting…"). */
export function connectionStatus(page: Page): Locator {
  return page.getByRole("status").filter({ hasText: /^(Live|Reconnecting…|Offline|Connecting…)/ });
}

/** The card's data-seq (last applied seq) as a number; 0 before any. */
export async function dataSeq(cardLocator: Locator): Promise<number> {
  return Number((await cardLocator.getAttribute("data-seq")) ?? 0);
}

/** Waits until the status says Live and every named card has applied a snapshot with ticks. */
export async function expectLive(page: Page, symbols: readonly string[]): Promise<void> {
  await expect(connectionStatus(page)).toHaveText(/^Live/);
  const waiting = () =>
    page.evaluate(
      (names) => names.filter((s) => !(Number(document.querySelector(`section.card[aria-label="${s}"]`)?.getAttribute("data-seq")) > 0)),
      [...symbols],
    );
  await expect.poll(waiting, { message: "cards still without data" }).toEqual([]);
}
