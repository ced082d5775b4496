/**
 * Issue #4: embeddable widgets. A host page on ANOTHER origin (a tiny HTTP server started here)
 * embeds the widgets with widget.js and with a plain iframe; they go live, follow their content's
 * height, and a widget added after load works. Dashboard routes refuse to be framed. With
 * FEED_AUTH_SECRET on both servers the widgets connect with their own tokens and renew them
 * before they expire with the `auth` op (no close, no missing seq), and the dashboard works with
 * tokens limited to the symbols it watches.
 */
import type { Frame, Locator, Page } from "@playwright/test";
import { decodeJwt } from "jose";
import { card, dataSeq, expect, expectLive, test } from "./fixtures";
import { DashboardProcess } from "./support/dashboardProcess";
import { FrameLog } from "./support/frameLog";
import { frameOf, hostPage, startHost } from "./support/hostSite";

/** 32+ bytes, shared by the feed server and the dashboard in the token test. */
const SECRET = "widgets-e2e-secret-0123456789abcdef0123456789";

// ---------- looking into frames ----------

/** Price text shown by a widget frame ("—" until it has one). */
function priceIn(frame: Frame): Promise<string> {
  return frame.locator(".tw-price").first().innerText();
}

/** Waits for a price in the frame, then for it to change: live, pushed updates. */
async function expectLivePrice(frame: Frame, pattern: RegExp, what: string): Promise<void> {
  await expect.poll(() => priceIn(frame), { message: `${what} shows a price` }).toMatch(pattern);
  const first = await priceIn(frame);
  await expect.poll(() => priceIn(frame), { message: `${what} price changes`, timeout: 20_000 }).not.toBe(first);
}

/** The iframe's height (px) and the content height its page measures, to compare. */
async function heights(iframe: Locator): Promise<{ frame: number; content: number }> {
  const frame = await frameOf(iframe);
  const content = await frame.locator(".tw__body").evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
  const height = await iframe.evaluate((el) => Math.round(el.getBoundingClientRect().height));
  return { frame: height, content };
}

/** Records every WebSocket close in every frame of the page (the page's events do not carry codes). */
async function recordCloses(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const closes: { code: number; reason: string; url: string }[] = [];
    (window as unknown as { __closes: typeof closes }).__closes = closes;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener("close", (e) => closes.push({ code: e.code, reason: e.reason, url: String(url) }));
      }
    };
  });
}

function closesIn(frame: Frame): Promise<{ code: number; reason: string; url: string }[]> {
  return frame.evaluate(() => (window as unknown as { __closes?: { code: number; reason: string; url: string }[] }).__closes ?? []);
}

// ---------- tests ----------

test("widget.js and a plain iframe embed live widgets on another origin, sized to their content", async ({ page, dashboard }) => {
  const dash = dashboard.url;
  const host = await startHost(() =>
    hostPage(`
      <div id="tape" data-tickwire-widget="ticker-tape" data-symbols="AAPL,MSFT,BTC-USD"></div>
      <div id="chart" data-tickwire-widget="mini-chart" data-symbol="AAPL" data-range="1m" data-theme="dark" data-height="40"></div>
      <div id="quote" data-tickwire-widget="quote" data-symbol="MSFT" data-locale="de-DE" data-width="320" data-transparent></div>
      <iframe id="plain" src="${dash}/embed/quote?symbol=BTC-USD" width="300" height="140" style="border:0"></iframe>
      <script async src="${dash}/widget.js"></script>`),
  );
  try {
    await page.goto(host.url);
    const tape = page.locator("#tape iframe");
    const chart = page.locator("#chart iframe");
    const quote = page.locator("#quote iframe");
    const plain = page.locator("#plain");

    // The loader made one iframe per widget, on the script's origin, with the options as query.
    await expect(tape).toHaveAttribute("src", new RegExp(`^${dash}/embed/ticker-tape\\?symbols=AAPL,MSFT,BTC-USD&id=`));
    await expect(chart).toHaveAttribute("src", new RegExp(`^${dash}/embed/mini-chart\\?symbol=AAPL&range=1m&theme=dark&id=`));
    await expect(quote).toHaveAttribute("src", new RegExp(`^${dash}/embed/quote\\?symbol=MSFT&transparent=1&locale=de-DE&id=`));
    await expect(quote).toHaveCSS("width", "320px");

    // Live prices in every frame, changing with the feed (no reload, no polling).
    await expectLivePrice(await frameOf(quote), /^\d{1,3}(\.\d{3})*,\d{2}$/, "the de-DE quote");
    await expectLivePrice(await frameOf(chart), /^[\d,]+\.\d{2}$/, "the mini chart");
    await expectLivePrice(await frameOf(plain), /^[\d,]+\.\d{2}$/, "the plain-iframe quote");
    const tapeFrame = await frameOf(tape);
    await expect(tapeFrame.locator(".tw-tape__item").first()).toContainText(/AAPL [\d,]+\.\d{2} [+\u2212]?\d+\.\d{2}%/);
    await expect(tapeFrame.locator('.tw-tape__item[data-trend="up"], .tw-tape__item[data-trend="down"]').first()).toBeAttached();
    await expect((await frameOf(chart)).locator(".tw-chart__plot svg path")).toHaveCount(2);

    // The frames follow their content: the chart started at data-height=40 and grew to fit.
    for (const [name, iframe] of [["tape", tape], ["chart", chart], ["quote", quote]] as const) {
      await expect.poll(async () => {
        const h = await heights(iframe);
        return Math.abs(h.frame - h.content) <= 1 && h.content > 20;
      }, { message: `the ${name} iframe is as tall as its content` }).toBe(true);
    }
    expect((await heights(chart)).frame).toBeGreaterThan(100);

    // Height messages from anyone but the frame the loader made for that id are ignored:
    // the host page itself (another origin) and the plain iframe (right origin, wrong frame).
    const quoteId = await page.locator("#quote").getAttribute("data-tickwire-frame");
    const before = await quote.evaluate((el) => el.style.height);
    await page.evaluate((id) => window.postMessage({ type: "tickwire:height", id, height: 999 }, "*"), quoteId);
    await (await frameOf(plain)).evaluate((id) => window.parent.postMessage({ type: "tickwire:height", id, height: 998 }, "*"), quoteId);
    await page.waitForTimeout(300); // a resize would be synchronous with the message; give both time to arrive
    await expect(quote).toHaveJSProperty("style.height", before);

    // A widget inserted after load gets its frame too (MutationObserver) and goes live.
    await page.evaluate(() => {
      const div = document.createElement("div");
      div.id = "late";
      div.dataset.tickwireWidget = "quote";
      div.dataset.symbol = "NVDA";
      document.body.append(div);
    });
    const late = page.locator("#late iframe");
    await expect(late).toHaveAttribute("src", new RegExp(`^${dash}/embed/quote\\?symbol=NVDA&id=`));
    await expectLivePrice(await frameOf(late), /^[\d,]+\.\d{2}$/, "the late quote");
    await expect.poll(async () => {
      const h = await heights(late);
      return Math.abs(h.frame - h.content) <= 1;
    }, { message: "the late iframe is as tall as its content" }).toBe(true);
  } finally {
    await host.close();
  }
});

test("invalid options show an inline error inside the widget, in its theme", async ({ page, dashboard }) => {
  await page.goto(`${dashboard.url}/embed/mini-chart?symbol=not%20a%20symbol&range=1y&theme=dark`);
  const alert = page.locator(".tw-error[role=alert]");
  await expect(alert).toContainText("“not a symbol” is not a valid symbol");
  await expect(alert).toContainText("range must be one of 1m, 5m, 15m");
  await expect(page.locator(".tw")).toHaveAttribute("data-theme", "dark");
  await page.goto(`${dashboard.url}/embed/ticker-tape`);
  await expect(page.locator(".tw-error[role=alert]")).toContainText("symbols is required");
});

test("dashboard routes refuse to be framed; /embed pages may be", async ({ page, dashboard, request }) => {
  const home = await request.get(`${dashboard.url}/`);
  expect(home.headers()["content-security-policy"]).toBe("frame-ancestors 'self'");
  expect(home.headers()["x-frame-options"]).toBe("SAMEORIGIN");
  const embed = await request.get(`${dashboard.url}/embed/quote?symbol=AAPL`);
  expect(embed.headers()["content-security-policy"]).toBe("frame-ancestors *");
  expect(embed.headers()["x-frame-options"]).toBeUndefined();

  const host = await startHost(() =>
    hostPage(`<iframe id="dash" src="${dashboard.url}/" width="600" height="300"></iframe>
      <iframe id="ok" src="${dashboard.url}/embed/quote?symbol=AAPL" width="300" height="140"></iframe>`),
  );
  try {
    await page.goto(host.url);
    await expect((await frameOf(page.locator("#ok"))).locator(".tw-quote")).toBeVisible();
    // The browser blocks the dashboard in the frame: it shows an error page, not the app.
    await expect.poll(async () => (await frameOf(page.locator("#dash"))).url()).toMatch(/^chrome-error:/);
    for (const frame of page.frames()) await expect(frame.locator(".app-header")).toHaveCount(0);
  } finally {
    await host.close();
  }
});

test("with FEED_AUTH_SECRET, widgets connect with symbol-limited tokens and renew them on the same socket with no missing seq", async ({
  page,
  launch,
}) => {
  test.setTimeout(90_000);
  // The host pages name the dashboard's URL and the dashboard names the first host's origin, so
  // the pages are rendered per request (after `dash` exists).
  const host = await startHost(() =>
    hostPage(`<div id="quote" data-tickwire-widget="quote" data-symbol="AAPL"></div><script async src="${dash.url}/widget.js"></script>`),
  );
  const other = await startHost(() => hostPage(`<iframe id="refused" src="${dash.url}/embed/quote?symbol=AAPL"></iframe>`));
  const feed = await launch.feed({ FEED_AUTH_SECRET: SECRET, FEED_TICK_RATE: "4" });
  const dash = await DashboardProcess.start({
    feedUrl: feed.wsUrl,
    env: { FEED_AUTH_SECRET: SECRET, FEED_TOKEN_TTL: "3", EMBED_ALLOWED_ORIGINS: host.url },
  });
  try {
    const tokenRequests: string[] = [];
    page.on("request", (req) => {
      if (req.url().includes("/api/feed-token")) tokenRequests.push(req.url());
    });
    const frames = FrameLog.attach(page);
    const socketUrls: string[] = [];
    page.on("websocket", (ws) => socketUrls.push(ws.url()));
    await recordCloses(page);
    await page.goto(host.url);
    const quote = await frameOf(page.locator("#quote iframe"));
    await expect.poll(() => priceIn(quote), { message: "the widget shows a price through its token" }).toMatch(/^[\d,]+\.\d{2}$/);

    // The token was fetched for exactly the widget's symbols, and says so in its claims.
    expect(tokenRequests[0]).toBe(`${dash.url}/api/feed-token?symbols=AAPL`);
    const token = new URL(socketUrls[0]!).searchParams.get("token");
    // Bound to the page that asked (the widget frame is the dashboard's origin), with iat and jti.
    expect(decodeJwt(token!)).toMatchObject({ symbols: ["AAPL"], origin: dash.url, iat: expect.any(Number), jti: expect.any(String) });

    // Issue 13: a page of a site not in EMBED_ALLOWED_ORIGINS gets no token; an allowed one gets
    // one bound to its own origin, readable there (CORS).
    const tokenUrl = `${dash.url}/api/feed-token?symbols=AAPL`;
    expect((await page.request.get(tokenUrl, { headers: { Origin: other.url } })).status()).toBe(403);
    const allowed = await page.request.get(tokenUrl, { headers: { Origin: host.url } });
    expect(allowed.status()).toBe(200);
    expect(allowed.headers()["access-control-allow-origin"]).toBe(host.url);
    expect(decodeJwt(((await allowed.json()) as { token: string }).token)).toMatchObject({ origin: host.url });

    // Tokens live 3 s: at 80% of that the client presents a fresh one with the auth op, so the
    // connection outlives several tokens with no close and no reconnect.
    await expect
      .poll(() => frames.messages("authed").length, { message: "three renewals answered with authed", timeout: 20_000 })
      .toBeGreaterThanOrEqual(3);
    expect(frames.sent.filter((m) => m.message.op === "auth").length).toBeGreaterThanOrEqual(3);
    expect(tokenRequests.length).toBeGreaterThanOrEqual(4);
    expect(await closesIn(quote)).toEqual([]);
    expect(frames.socketCount).toBe(1);
    const trail = frames.trail("AAPL");
    expect(trail.problems).toEqual([]);
    expect(trail.segments).toHaveLength(1);

    // The widget keeps updating on the same connection.
    await expectLivePrice(quote, /^[\d,]+\.\d{2}$/, "the quote after its token was renewed");

    // EMBED_ALLOWED_ORIGINS: this dashboard may be framed by the first host, not by another.
    const embed = await page.request.get(`${dash.url}/embed/quote?symbol=AAPL`);
    expect(embed.headers()["content-security-policy"]).toBe(`frame-ancestors 'self' ${host.url}`);
    const refused = await page.context().newPage();
    await refused.goto(other.url);
    await expect.poll(async () => (await frameOf(refused.locator("#refused"))).url()).toMatch(/^chrome-error:/);
    await refused.close();

    // The secret stays on the server: not in the widget page, the dashboard or widget.js.
    for (const path of ["/embed/quote?symbol=AAPL", "/", "/widget.js"]) {
      expect(await (await page.request.get(`${dash.url}${path}`)).text(), path).not.toContain(SECRET);
    }

    // The dashboard itself works without FEED_TOKEN_UNRESTRICTED: its tokens list the symbols its
    // cards watch, widened with the auth op as cards appear.
    const home = await page.context().newPage();
    const homeTokens: string[] = [];
    home.on("request", (req) => {
      if (req.url().includes("/api/feed-token")) homeTokens.push(new URL(req.url()).search);
    });
    await home.goto(`${dash.url}/?symbols=AAPL,MSFT`);
    await expectLive(home, ["AAPL", "MSFT"]);
    const msft = card(home, "MSFT");
    const seq = await dataSeq(msft);
    await expect.poll(() => dataSeq(msft), { message: "MSFT keeps ticking past token renewals", timeout: 20_000 }).toBeGreaterThan(seq + 4);
    expect(homeTokens.length).toBeGreaterThanOrEqual(2);
    expect(homeTokens.every((search) => /^\?symbols=/.test(search))).toBe(true);
    expect(homeTokens.some((search) => search.includes("AAPL") && search.includes("MSFT")), homeTokens.join(" ")).toBe(true);
    await home.close();
  } finally {
    await dash.stop();
    await host.close();
    await other.close();
  }
});

test("the /widgets builder previews the chosen widget live and copies its snippets", async ({ page, context, dashboard }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: dashboard.url });
  await page.goto(`${dashboard.url}/widgets`);
  await page.getByRole("radio", { name: "Quote" }).check();
  await page.getByLabel("Symbol", { exact: true }).fill("msft");
  await page.getByRole("radio", { name: "Dark" }).check();

  const preview = page.locator("iframe.builder__preview");
  await expect(preview).toHaveAttribute("src", `${dashboard.url}/embed/quote?symbol=MSFT&theme=dark&id=preview`);
  const frame = await frameOf(preview);
  await expectLivePrice(frame, /^[\d,]+\.\d{2}$/, "the preview");
  await expect(frame.locator(".tw")).toHaveAttribute("data-theme", "dark");
  await expect.poll(async () => {
    const h = await heights(preview);
    return Math.abs(h.frame - h.content) <= 1;
  }, { message: "the preview is as tall as its content" }).toBe(true);

  const scriptForm = page.locator("figure", { hasText: "Script tag" });
  const expected =
    '<div data-tickwire-widget="quote" data-symbol="MSFT" data-theme="dark" data-width="100%"></div>\n' +
    `<script async src="${dashboard.url}/widget.js"></script>`;
  await expect(scriptForm.locator("code")).toHaveText(expected);
  await scriptForm.getByRole("button", { name: "Copy" }).click();
  await expect(scriptForm.getByRole("status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);

  const iframeForm = page.locator("figure", { hasText: "Plain iframe" });
  await expect(iframeForm.locator("code")).toContainText(`<iframe src="${dashboard.url}/embed/quote?symbol=MSFT&amp;theme=dark"`);
  await iframeForm.getByRole("button", { name: "Copy" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^<iframe src=.*height="132".*<\/iframe>$/);

  // Issue #11: the symbol overview is in the builder, with its range and chart options.
  await page.getByRole("radio", { name: "Symbol overview" }).check();
  await page.getByRole("combobox", { name: "Chart", exact: true }).selectOption("candles");
  await page.getByRole("combobox", { name: /^Range/ }).selectOption("1Y");
  await expect(preview).toHaveAttribute("src", `${dashboard.url}/embed/symbol-overview?symbol=MSFT&range=1Y&chart=candles&theme=dark&id=preview`);
  await expect(scriptForm.locator("code")).toContainText(
    '<div data-tickwire-widget="symbol-overview" data-symbol="MSFT" data-range="1Y" data-chart="candles" data-theme="dark"',
  );
  const overview = await frameOf(preview);
  await expect.poll(async () => Number(await overview.locator(".tw-overview__plot").getAttribute("data-bars"))).toBeGreaterThan(200);

  await page.getByLabel("Symbol", { exact: true }).fill("not valid");
  await expect(page.locator(".builder__errors")).toContainText("“NOT VALID” is not a valid symbol");
});

test("widget pages stay small: HTML, JS and CSS transferred, from the production build", async ({ browser, dashboard }) => {
  const rows: string[] = [];
  for (const path of ["/embed/ticker-tape?symbols=AAPL,MSFT,BTC-USD", "/embed/mini-chart?symbol=AAPL&range=5m", "/embed/quote?symbol=AAPL"]) {
    // A fresh context each time: nothing cached from the previous widget.
    const context = await browser.newContext();
    const page = await context.newPage();
    const sizes: Promise<{ type: string; bytes: number }>[] = [];
    page.on("requestfinished", (req) => {
      const type = req.resourceType();
      if (type === "document" || type === "script" || type === "stylesheet") {
        sizes.push(req.sizes().then((s) => ({ type, bytes: s.responseHeadersSize + s.responseBodySize })));
      }
    });
    await page.goto(`${dashboard.url}${path}`, { waitUntil: "networkidle" });
    await expect(page.locator(".tw-price").first()).toHaveText(/\d/);
    const byType: Record<string, number> = {};
    for (const { type, bytes } of await Promise.all(sizes)) byType[type] = (byType[type] ?? 0) + bytes;
    const total = Object.values(byType).reduce((a, b) => a + b, 0);
    rows.push(`${path}: ${kb(total)} (document ${kb(byType.document)}, JS ${kb(byType.script)}, CSS ${kb(byType.stylesheet)})`);
    // React and the Next.js runtime are most of it; this catches a chart library or the
    // dashboard's code creeping into a widget.
    expect(total, path).toBeLessThan(200 * 1024);
    await context.close();
  }
  console.log(`widget page transfer sizes (gzip, headers included):\n  ${rows.join("\n  ")}`);
});

function kb(bytes: number | undefined): string {
  return `${((bytes ?? 0) / 1024).toFixed(1)} KB`;
}
