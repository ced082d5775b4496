/**
 * The bar-aggregation line of the fan-out report (issue 10): what folding one tick into bars of
 * all six intervals costs, from `npm run bench:bars` (bench/results/bars-latest.json), set against
 * what one delivery costs the server in the broadcast at 250k deliveries/s. Nothing here measures.
 */
import { existsSync, readFileSync } from "node:fs";
import type { SummaryRow } from "../orchestrator/summary";
import { f, k } from "./format";

export const BARS_RESULT_FILE = "bench/results/bars-latest.json";
/** The rate the issue quotes the cost at, and the broadcast load it is compared with. */
const REFERENCE_PER_SEC = 250_000;

export interface BarsCost {
  command: string;
  at: string;
  /** 1-minute load average when bench:bars started, and the machine's cores. */
  loadAverage: number;
  cpus: number;
  ticksPerSecond: number;
  nsPerTick: number;
  /** Share of one core at `ticksPerSecond`. */
  coreShare: number;
}

function field(o: Record<string, unknown>, name: string, where: string): number {
  const v = o[name];
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${where}: "${name}" is not a number`);
  return v;
}

function record(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`${where} is not an object`);
  return v as Record<string, unknown>;
}

/** Narrows a bars result file (as `npm run bench:bars` writes it) to what the report quotes. */
export function readBarsCost(raw: unknown, file = BARS_RESULT_FILE): BarsCost {
  const top = record(raw, file);
  const agg = record(top.aggregation, `${file}: aggregation`);
  const machine = record(top.machine, `${file}: machine`);
  const command = top.command;
  const at = top.at;
  if (typeof command !== "string" || typeof at !== "string") throw new Error(`${file}: "command" and "at" must be strings`);
  return {
    command,
    at,
    loadAverage: field(top, "loadAverage", file),
    cpus: field(machine, "cpus", `${file}: machine`),
    ticksPerSecond: field(agg, "ticksPerSecond", `${file}: aggregation`),
    nsPerTick: field(agg, "nsPerTick", `${file}: aggregation`),
    coreShare: field(agg, "coreShare", `${file}: aggregation`),
  };
}

/** The bars result beside the fan-out results, if `npm run bench:bars` has written one. */
export function loadBarsCost(file = BARS_RESULT_FILE): BarsCost | undefined {
  if (!existsSync(file)) return undefined;
  return readBarsCost(JSON.parse(readFileSync(file, "utf8")) as unknown, file);
}

/** tickwire's broadcast row nearest 250k deliveries/s: the delivery cost the line compares with. */
function referenceDelivery(rows: SummaryRow[]): SummaryRow | undefined {
  const candidates = rows.filter((r) => r.scenario === "broadcast" && r.impl === "tickwire" && (r.value.cpuUsPerDelivery ?? 0) > 0 && r.value.targetPerSec !== undefined);
  const distance = (r: SummaryRow) => Math.abs(Math.log((r.value.targetPerSec as number) / REFERENCE_PER_SEC));
  return candidates.sort((a, b) => distance(a) - distance(b))[0];
}

export function barsSection(cost: BarsCost | undefined, rows: SummaryRow[]): string[] {
  const heading = ["## 9. Bar aggregation on the tick path", ""];
  if (!cost) return [...heading, `No bars result: run \`npm run bench:bars\` (it writes \`${BARS_RESULT_FILE}\`), then regenerate this page.`, ""];
  const busy = cost.loadAverage > cost.cpus / 2 ? `, a busy machine: the figure is inflated` : "";
  const lines = [
    ...heading,
    `Folding a tick into bars of all six intervals (1s to 1d) costs **${f(cost.nsPerTick, 0)} ns per tick** at ${k(cost.ticksPerSecond)} ticks/s over 36 symbols, ` +
      `${f(cost.coreShare * 100, 1)} % of one core (\`${cost.command}\` at ${cost.at}, load average ${f(cost.loadAverage, 1)} on ${cost.cpus} cores${busy}; \`${BARS_RESULT_FILE}\`).`,
    "",
  ];
  const ref = referenceDelivery(rows);
  if (!ref) return [...lines, "This result file has no tickwire broadcast run to compare it with a delivery.", ""];
  const deliveryNs = (ref.value.cpuUsPerDelivery as number) * 1000;
  lines.push(
    `One delivery costs tickwire ${f(ref.value.cpuUsPerDelivery, 2)} µs of server CPU in the broadcast at ${k(ref.value.targetPerSec)} deliveries/s (section 1, ${ref.step}), ` +
      `so a tick's bar work is **${f((cost.nsPerTick / deliveryNs) * 100, 1)} % of one delivery's CPU**. It is done once per tick, whatever the number of subscribers: ` +
      "a tick that goes to many clients spreads it over all their deliveries.",
    "",
  );
  return lines;
}
