// A small WebDriver client (W3C protocol over fetch) for the e2e suite:
// starts tauri-driver, opens a session on the real app, finds elements,
// types, clicks, takes screenshots. No dependency beyond Node 20.

import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const ELEMENT = "element-6066-11e4-a07e-4aef2f0c6b1d";

export class WebDriverError extends Error {}

/** The id of an element reference (W3C key, or the legacy one). */
function elementId(ref) {
  return ref[ELEMENT] ?? ref.ELEMENT ?? Object.values(ref)[0];
}

/** tauri-driver: $TAURI_DRIVER, else cargo's bin folder, else the PATH. */
function driverPath() {
  if (process.env.TAURI_DRIVER) return process.env.TAURI_DRIVER;
  const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "bin", "tauri-driver");
  return existsSync(cargoBin) ? cargoBin : "tauri-driver";
}

// CHITIEU_E2E_PORT moves the driver (and WebKitWebDriver, on the next port)
// so that two suites can run on one machine; a suite running beside another
// in the same process gives both ports.
export async function startDriver({ port = Number(process.env.CHITIEU_E2E_PORT ?? 4444), nativePort = port + 1, env = process.env, log = () => {} } = {}) {
  const proc = spawn(driverPath(), ["--port", String(port), "--native-port", String(nativePort)], { env, stdio: ["ignore", "pipe", "pipe"] });
  proc.stdout.on("data", (d) => log(String(d)));
  proc.stderr.on("data", (d) => log(String(d)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${base}/status`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  return {
    base,
    proc,
    // SIGTERM first: tauri-driver then stops its WebKitWebDriver. Should it
    // not exit, its children get SIGTERM too before it is killed, so no
    // orphan keeps the port.
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once("exit", () => r(true)));
        proc.kill("SIGTERM");
        if (!(await Promise.race([exited, sleep(5000).then(() => false)]))) {
          for (const pid of children(proc.pid)) {
            try {
              process.kill(pid, "SIGTERM");
            } catch {
              /* gone */
            }
          }
          await Promise.race([exited, sleep(2000)]);
          if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
        }
      }
      proc.stdout?.destroy();
      proc.stderr?.destroy();
      proc.unref();
    },
  };
}

/** The pids whose command line starts with `exe` (read from /proc, no pgrep needed). */
function processesOf(exe) {
  const out = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0")[0] === exe) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

/**
 * Waits until no process of the app `exe` is left (the app is
 * single-instance: a launch while the previous suite's app is still closing
 * would hand its arguments to that app and exit). After 30 s what is left is
 * killed, and the wait says so on stderr: a test owns the apps it starts.
 */
export async function previousAppGone(exe) {
  for (let i = 0; i < 300; i++) {
    if (processesOf(exe).length === 0) return;
    await sleep(100);
  }
  const left = processesOf(exe);
  process.stderr.write(`e2e: ${exe} still running after 30 s (pids ${left.join(", ")}); killed\n`);
  for (const pid of left) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  for (let i = 0; i < 50 && processesOf(exe).length > 0; i++) await sleep(100);
}

/** The direct children of a process. */
function children(pid) {
  const out = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async create(base, application, args = []) {
    await previousAppGone(application);
    const caps = { capabilities: { alwaysMatch: { "tauri:options": { application, args } } } };
    const r = await request(base, "POST", "/session", caps);
    return new Session(base, r.sessionId);
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  async delete() {
    await this.cmd("DELETE", "").catch(() => {});
  }

  async find(css, { timeout = 10000 } = {}) {
    const end = Date.now() + timeout;
    let last;
    while (Date.now() < end) {
      try {
        const r = await this.cmd("POST", "/element", { using: "css selector", value: css });
        return new Element(this, elementId(r));
      } catch (e) {
        last = e;
      }
      await sleep(100);
    }
    throw new WebDriverError(`element not found: ${css} (${last?.message ?? ""})`);
  }

  async findAll(css) {
    const r = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return r.map((x) => new Element(this, elementId(x)));
  }

  /** Waits until `fn` (run in the page) returns a truthy value, and returns it. */
  async waitFor(script, args = [], { timeout = 10000, what = script } = {}) {
    const end = Date.now() + timeout;
    let v;
    while (Date.now() < end) {
      v = await this.exec(script, args).catch(() => null);
      if (v) return v;
      await sleep(100);
    }
    const page = await this.exec(
      "const a = document.activeElement; return 'focus: ' + (a ? a.outerHTML.slice(0, 160) : '-') + ' | notices: ' + [...document.querySelectorAll('.notice')].map((n) => n.innerText).join(' / ')",
    ).catch(() => "");
    throw new WebDriverError(`timed out waiting for: ${what} (${page})`);
  }

  exec(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  async text(css) {
    return (await this.find(css)).text();
  }

  /** Sends keys to the focused element (W3C actions: works for Enter, arrows, Escape). */
  async keys(text) {
    const actions = [];
    for (const ch of text) actions.push({ type: "keyDown", value: ch }, { type: "keyUp", value: ch });
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "kbd", actions }] });
    await this.cmd("DELETE", "/actions").catch(() => {});
  }

  /** Presses `key` while holding `modifier` (e.g. Keys.CONTROL + "v"). */
  async chord(modifier, key) {
    const actions = [
      { type: "keyDown", value: modifier },
      { type: "keyDown", value: key },
      { type: "keyUp", value: key },
      { type: "keyUp", value: modifier },
    ];
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "kbd", actions }] });
    await this.cmd("DELETE", "/actions").catch(() => {});
  }

  async screenshot() {
    const b64 = await this.cmd("GET", "/screenshot");
    return Buffer.from(b64, "base64");
  }
}

export const Keys = {
  ENTER: "\uE007",
  TAB: "\uE004",
  ESCAPE: "\uE00C",
  UP: "\uE013",
  DOWN: "\uE015",
  LEFT: "\uE012",
  RIGHT: "\uE014",
  DELETE: "\uE017",
  SHIFT: "\uE008",
  CONTROL: "\uE009",
  F1: "\uE031",
};

export class Element {
  constructor(session, id) {
    this.s = session;
    this.id = id;
  }
  click() {
    return this.s.cmd("POST", `/element/${this.id}/click`, {});
  }
  type(text) {
    return this.s.cmd("POST", `/element/${this.id}/value`, { text });
  }
  clear() {
    return this.s.cmd("POST", `/element/${this.id}/clear`, {});
  }
  text() {
    return this.s.cmd("GET", `/element/${this.id}/text`);
  }
  attr(name) {
    return this.s.cmd("GET", `/element/${this.id}/attribute/${name}`);
  }
}

async function request(base, method, path, body) {
  const r = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json().catch(() => ({}));
  if (!r.ok || (json.value && json.value.error)) {
    const v = json.value ?? {};
    throw new WebDriverError(`${method} ${path}: ${v.error ?? r.status} ${v.message ?? ""}`);
  }
  return json.value;
}
