/**
 * `npm run bench:bars`: what bars cost and save. Prints the figures and writes them to
 * bench/results/bars-latest.json (docs quote that file; nobody edits a number by hand).
 *   --quick   aggregation and memory only (no server child process)
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import { machineInfo } from "../orchestrator/procfs";
import { measureAggregation } from "./aggregation";
import { measureMemory } from "./memory";
import { measureQuoteWidget } from "./quoteWidget";
import { renderFigures } from "./report";

const quick = process.argv.includes("--quick");
/** The machine's 1-minute load average at the start: figures from a busy machine are inflated. */
const loadAverage = os.loadavg()[0] ?? 0;
const mib = (b: number) => (b / 2 ** 20).toFixed(1);

const aggregation = measureAggregation();
console.log(
  `bar aggregation: ${aggregation.nsPerTick.toFixed(0)} ns/tick (median of ${aggregation.runsNs.length} runs over ${aggregation.ticks} ticks), ` +
    `${(aggregation.coreShare * 100).toFixed(1)} % of one core at ${aggregation.ticksPerSecond / 1000}k ticks/s`,
);
const memory = measureMemory();
console.log(
  `bar memory, ${memory.symbols} symbols, default retention: ${memory.afterBackfill.bars} bars = ${mib(memory.afterBackfill.bytes)} MiB after the backfill ` +
    `(${memory.afterBackfill.backfillMs.toFixed(0)} ms); at most ${memory.full.bars} bars = ${mib(memory.full.bytes)} MiB when every series is full`,
);
const widget = quick ? undefined : await measureQuoteWidget();
if (widget) {
  console.log(`quote widget, ${widget.clients} clients x ${widget.symbols} symbols at ${widget.ticksPerSymbol} ticks/s each:`);
  for (const p of widget.phases.slice(1)) {
    console.log(`  ${p.mode.padEnd(8)} ${p.framesPerClient.toFixed(0)} frames/s, ${(p.bytesPerClient / 1024).toFixed(1)} KiB/s per client; server ${p.serverCpuMsPerS.toFixed(0)} ms CPU/s above idle`);
  }
}
const result = { command: `npm run bench:bars${quick ? " -- --quick" : ""}`, at: new Date().toISOString(), machine: machineInfo(), loadAverage, aggregation, memory, widget };
writeFileSync("bench/results/bars-latest.json", JSON.stringify(result, null, 2) + "\n");
writeFileSync("docs/bars-figures.md", renderFigures(result));
console.log("wrote bench/results/bars-latest.json and docs/bars-figures.md");
process.exit(0);
