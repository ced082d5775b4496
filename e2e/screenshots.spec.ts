/**
 * Screenshots of every page for review, taken by the e2e run against the real feed and saved
 * under the test output folder: test-results/screenshots/*.png. The README shows copies of them
 * (docs/screenshots/, refreshed with `npm run screenshots`).
 */
import { join } from "node:path";
import type { Page, TestInfo } from "@playwright/test";
import { connectionStatus, expect, expectLive, test } from "./fixtures";

test.use({ viewport: { width: 1280, height: 900 } });

function shotPath(info: TestInfo, name: string): string {
  return join(info.project.outputDir, "screenshots", `${name}.png`);
}

async function chartReady(page: Page, range: string): Promise<void> {
  const plot = page.getByRole("img", { name: /price and volume/ });
  await expect(plot).toHaveAttribute("data-range", range);
  await expect.poll(async () => Number(await plot.getAttribute("data-bars"))).toBeGreaterThan(1);
  await expect(plot.locator(".recharts-surface").first()).toBeVisible();
}

test("screenshots of the dashboard, the symbol page (1D and 1Y, light and dark) and the markets overview", async ({ page }, info) => {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/symbol/AAPL");
    await expect(connectionStatus(page)).toHaveText(/^Live/);
    await chartReady(page, "1D");
    await page.screenshot({ path: shotPath(info, `symbol-1d-${scheme}`) });
    await page.getByRole("button", { name: "1Y" }).click();
    await chartReady(page, "1Y");
    await page.screenshot({ path: shotPath(info, `symbol-1y-${scheme}`) });
  }

  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  await expectLive(page, ["AAPL", "MSFT", "NVDA", "BTC-USD"]);
  await expect(page.locator(".day-chart__plot .recharts-line-curve")).toHaveCount(4);
  await page.screenshot({ path: shotPath(info, "home") });

  await page.goto("/markets");
  await expect(page.locator(".heatmap__tile")).toHaveCount(36);
  await expect(page.getByRole("table", { name: "Top gainers" }).locator("tbody tr[data-symbol]").first()).toBeVisible();
  await page.screenshot({ path: shotPath(info, "markets"), fullPage: true });
});
