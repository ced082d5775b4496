/**
 * Server and client cost, read from outside the process so that measuring costs the measured
 * process nothing: CPU from /proc/<pid>/stat (utime + stime, in clock ticks), memory from
 * /proc/<pid>/status (VmRSS now, VmHWM the peak since start).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

let clockTicks: number | undefined;

/** `getconf CLK_TCK`: the unit of utime and stime (100 on Linux almost everywhere). */
export function clkTck(): number {
  if (clockTicks === undefined) {
    const value = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    clockTicks = Number.isInteger(value) && value > 0 ? value : 100;
  }
  return clockTicks;
}

export interface CpuSample {
  /** CPU milliseconds in user and kernel mode since the process started. */
  userMs: number;
  sysMs: number;
  /** Wall time of the sample (performance.now()). */
  at: number;
}

export function cpuSample(pid: number): CpuSample {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start at field 3; utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const tck = clkTck();
  return { userMs: (Number(fields[11]) * 1000) / tck, sysMs: (Number(fields[12]) * 1000) / tck, at: performance.now() };
}

export interface CpuUsage {
  userMs: number;
  sysMs: number;
  totalMs: number;
  /** Cores kept busy on average over the interval. */
  cores: number;
}

export function cpuBetween(a: CpuSample, b: CpuSample): CpuUsage {
  const userMs = b.userMs - a.userMs;
  const sysMs = b.sysMs - a.sysMs;
  const wall = b.at - a.at;
  return { userMs, sysMs, totalMs: userMs + sysMs, cores: wall > 0 ? (userMs + sysMs) / wall : 0 };
}

export interface Memory {
  rssKiB: number;
  hwmKiB: number;
}

export function memory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssKiB: kib("VmRSS"), hwmKiB: kib("VmHWM") };
}

/** The soft and hard open-file limits this process has (children start from these). */
export function openFileLimits(): { soft: number; hard: number } {
  const limits = readFileSync("/proc/self/limits", "utf8");
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits);
  const parse = (v: string | undefined) => (v === undefined || v === "unlimited" ? Infinity : Number(v));
  return { soft: parse(match?.[1]), hard: parse(match?.[2]) };
}

export interface MachineInfo {
  cpus: number;
  model: string;
  memGiB: number;
  kernel: string;
  node: string;
}

export function machineInfo(): MachineInfo {
  let model = "unknown";
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? model;
  } catch {
    // Not Linux: the os module's model string is the best we have.
    model = os.cpus()[0]?.model ?? model;
  }
  return {
    cpus: os.cpus().length,
    model,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
  };
}

export interface SystemSample {
  /** Jiffies since boot, summed over all CPUs: busy = user + nice + system + irq + softirq + steal. */
  busy: number;
  total: number;
  softirq: number;
  steal: number;
}

export function systemSample(): SystemSample {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] as string;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number) as number[];
  const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  return { busy, total: busy + (idle ?? 0) + (iowait ?? 0), softirq: softirq ?? 0, steal: steal ?? 0 };
}

export interface SystemUsage {
  /** Cores busy machine-wide on average. */
  busyCores: number;
  /** Cores spent in softirq: loopback TCP delivery, charged to no process. */
  softirqCores: number;
  /** Cores the hypervisor took away. */
  stealCores: number;
}

export function systemBetween(a: SystemSample, b: SystemSample, cpus = os.cpus().length): SystemUsage {
  const total = b.total - a.total;
  const share = (x: number) => (total > 0 ? (x / total) * cpus : 0);
  return { busyCores: share(b.busy - a.busy), softirqCores: share(b.softirq - a.softirq), stealCores: share(b.steal - a.steal) };
}
