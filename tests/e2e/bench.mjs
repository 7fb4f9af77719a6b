// Benchmarks of the desktop app (figures, not assertions):
//  - launch time: from spawning the process to the first screen drawn (the
//    UI's `window_ready`, logged by the shell under CHITIEU_BENCH=1), both as
//    seen from outside (wall clock) and from inside (since `main`);
//  - idle memory: RSS and PSS of the app and of its WebKit processes after
//    10 s idle on the first screen.
//
//   xvfb-run -a node tests/e2e/bench.mjs      (make bench-app)

import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const APP = process.env.CHITIEU_APP ?? join(ROOT, "target/debug/chitieu-app");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 10);

function launch(db) {
  const env = { ...process.env, CHITIEU_DB: db, CHITIEU_NOW: "2024-07-01T03:00:00Z", CHITIEU_BENCH: "1" };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const t0 = performance.now();
  const proc = spawn(APP, [], { env, stdio: ["ignore", "ignore", "pipe"] });
  const ready = new Promise((res, rej) => {
    let buf = "";
    const timer = setTimeout(() => rej(new Error("no ready line within 30 s")), 30000);
    proc.stderr.on("data", (d) => {
      buf += d;
      const m = /ready (\d+) ms after start/.exec(buf);
      if (m) {
        clearTimeout(timer);
        res({ wall: performance.now() - t0, inside: Number(m[1]) });
      }
    });
    proc.once("exit", (c) => rej(new Error(`app exited (${c}) before ready: ${buf}`)));
  });
  return { proc, ready };
}

async function stop(proc) {
  if (proc.exitCode !== null) return;
  proc.kill("SIGTERM");
  await Promise.race([new Promise((r) => proc.once("exit", r)), sleep(5000)]);
  if (proc.exitCode === null) proc.kill("SIGKILL");
}

/** The process and all its descendants, with their names. */
function tree(root) {
  const parent = new Map();
  const names = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const fields = stat.slice(close + 2).split(" ");
      parent.set(Number(d), Number(fields[1]));
      names.set(Number(d), stat.slice(stat.indexOf("(") + 1, close));
    } catch {
      /* gone */
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, pp] of parent) if (pp === out[i]) out.push(pid);
  return out.map((pid) => ({ pid, name: names.get(pid) ?? "?" }));
}

function memory(pid) {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
  return { rss: kb("Rss"), pss: kb("Pss") };
}

const mb = (kb) => (kb / 1024).toFixed(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const work = mkdtempSync(join(tmpdir(), "chitieu-bench-"));
const times = [];
let mem = null;
try {
  for (let i = 0; i < RUNS; i++) {
    const { proc, ready } = launch(join(work, `bench-${i}.db`));
    try {
      times.push(await ready);
      if (i === RUNS - 1) {
        await sleep(IDLE_S * 1000);
        mem = tree(proc.pid)
          .map((p) => {
            try {
              return { ...p, ...memory(p.pid) };
            } catch {
              return null;
            }
          })
          .filter((p) => p && p.rss > 0);
      }
    } finally {
      await stop(proc);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`## Launch to first screen (${APP.replace(ROOT + "/", "")}, ${RUNS} launches, new database each)\n`);
console.log("| launch | wall clock (spawn → first screen drawn) | inside the process (main → first screen) |");
console.log("|---|---|---|");
times.forEach((t, i) => console.log(`| ${i + 1} | ${t.wall.toFixed(0)} ms | ${t.inside} ms |`));
console.log(`| **median** | **${median(times.map((t) => t.wall)).toFixed(0)} ms** | **${median(times.map((t) => t.inside))} ms** |`);
console.log(`\n## Idle memory after ${IDLE_S} s on the first screen\n`);
console.log("| process | RSS | PSS |");
console.log("|---|---|---|");
for (const p of mem ?? []) console.log(`| ${p.name} (${p.pid}) | ${mb(p.rss)} MB | ${mb(p.pss)} MB |`);
const total = (mem ?? []).reduce((a, p) => ({ rss: a.rss + p.rss, pss: a.pss + p.pss }), { rss: 0, pss: 0 });
console.log(`| **total** | ${mb(total.rss)} MB (shared pages counted in each) | **${mb(total.pss)} MB** |`);
