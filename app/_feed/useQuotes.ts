"use client";
/**
 * The feed's `/symbols` list (every offered symbol's quote, kind and sector), fetched once per
 * page session and shared by every component that asks: suggestions, the markets overview.
 * Feed servers are tried in failover order. Nothing refetches it on a timer; live values come
 * over the WebSocket.
 */
import { useEffect, useState } from "react";
import { parseQuotes, type Quote } from "../../lib/feedHttp";
import { useFeed } from "./FeedProvider";

export type QuotesResult = { status: "loading" } | { status: "ready"; quotes: readonly Quote[] } | { status: "error"; message: string };

const pending = new WeakMap<readonly string[], Promise<QuotesResult>>();

async function fetchQuotes(bases: readonly string[]): Promise<QuotesResult> {
  let message = "no feed server answered";
  for (const base of bases) {
    try {
      const res = await fetch(`${base}/symbols`, { headers: { accept: "application/json" } });
      if (res.ok) return { status: "ready", quotes: parseQuotes(await res.json()) };
      message = `HTTP ${res.status}`;
    } catch (err) {
      message = err instanceof Error ? err.message : String(err);
    }
  }
  return { status: "error", message };
}

export function useQuotes(): QuotesResult {
  const { httpBases } = useFeed();
  const [result, setResult] = useState<QuotesResult>({ status: "loading" });
  useEffect(() => {
    if (httpBases.length === 0) return;
    let live = true;
    // One request per page session (httpBases is one array per provider), however many ask.
    let request = pending.get(httpBases);
    if (!request) {
      request = fetchQuotes(httpBases);
      pending.set(httpBases, request);
    }
    void request.then((r) => live && setResult(r));
    return () => {
      live = false;
    };
  }, [httpBases]);
  return result;
}
