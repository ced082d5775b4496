/** Number formatting and table helpers for the generated benchmark page. */
import type { ImplId } from "../ipc";
import { IMPLS } from "../orchestrator/impls";
import type { SummaryRow } from "../orchestrator/summary";

export const COLORS: Record<ImplId, string> = { tickwire: "#2b7bb9", ws: "#e08a1e", socketio: "#7a4fb5" };

export const f = (x: number | undefined, digits = 1): string => (x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(digits));
export const k = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? "–" : x >= 1000 ? `${(x / 1000).toFixed(x >= 100_000 ? 0 : 1)}k` : x.toFixed(0));
export const ratio = (r: SummaryRow, name: string): string => (r.impl === "tickwire" ? "1×" : r.ratio[name] !== undefined ? `${f(r.ratio[name], 1)}×` : "–");
export const label = (impl: ImplId) => IMPLS[impl].label;

export function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

