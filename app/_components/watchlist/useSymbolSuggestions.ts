"use client";
/**
 * Symbols to suggest in the "Add symbol" box: fetched once from the feed's GET /symbols (the
 * only HTTP request the dashboard makes; prices arrive over the WebSocket), merged with the
 * list in the feed's welcome message. Feed servers are tried in failover order.
 */
import { useEffect, useMemo, useState } from "react";
import { isValidSymbol } from "../../../lib/protocol";
import { useFeed } from "../../_feed/FeedProvider";
import { useTicker } from "../../_feed/useTicker";

/** Narrows the /symbols body: an array of objects with a `symbol` string. */
export function parseSymbolsResponse(body: unknown): string[] {
  if (!Array.isArray(body)) return [];
  const out: string[] = [];
  for (const entry of body as unknown[]) {
    if (typeof entry !== "object" || entry === null || !("symbol" in entry)) continue;
    const { symbol } = entry;
    if (typeof symbol === "string" && isValidSymbol(symbol)) out.push(symbol);
  }
  return out;
}

async function fetchSymbols(bases: readonly string[], signal: AbortSignal): Promise<string[]> {
  for (const base of bases) {
    try {
      const res = await fetch(`${base}/symbols`, { signal, headers: { accept: "application/json" } });
      if (res.ok) return parseSymbolsResponse(await res.json());
    } catch (err) {
      if (signal.aborted) throw err;
    }
  }
  return [];
}

export function useSymbolSuggestions(): readonly string[] {
  const { httpBases } = useFeed();
  const fromWelcome = useTicker((s) => s.serverSymbols);
  const [fetched, setFetched] = useState<readonly string[]>([]);

  useEffect(() => {
    if (httpBases.length === 0) return;
    const controller = new AbortController();
    fetchSymbols(httpBases, controller.signal).then(setFetched, () => {
      // Aborted on unmount, or every server failed: suggestions then come from the welcome alone.
    });
    return () => controller.abort();
  }, [httpBases]);

  return useMemo(() => [...new Set([...fetched, ...fromWelcome])].sort(), [fetched, fromWelcome]);
}
