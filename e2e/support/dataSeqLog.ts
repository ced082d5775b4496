/**
 * Records every value a card's `data-seq` attribute takes, in the page, from before the first
 * render: the store's view of the newest applied seq, to check it only ever moves forward.
 */
import type { Page } from "@playwright/test";

declare global {
  interface Window {
    __tickwireDataSeqs?: Record<string, number[]>;
  }
}

export async function installDataSeqLog(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: Record<string, number[]> = {};
    window.__tickwireDataSeqs = log;
    new MutationObserver((records) => {
      for (const record of records) {
        const el = record.target as Element;
        const symbol = el.getAttribute("aria-label");
        const seq = Number(el.getAttribute("data-seq"));
        if (symbol !== null && Number.isFinite(seq)) (log[symbol] ??= []).push(seq);
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-seq"] });
  });
}

export async function dataSeqs(page: Page, symbol: string): Promise<number[]> {
  return page.evaluate((s) => window.__tickwireDataSeqs?.[s] ?? [], symbol);
}

/** Positions where the value went down, e.g. `[[120, 3]]` for a drop from 120 to 3. */
export function decreases(values: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) out.push([values[i - 1]!, values[i]!]);
  return out;
}
