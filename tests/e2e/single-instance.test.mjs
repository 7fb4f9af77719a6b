// One instance at a time: a second launch hands over to the first (which
// shows and focuses its window) and exits. Needs a D-Bus session bus, so it
// runs inside dbus-run-session (under Xvfb, like the rest of the suite).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const APP = process.env.CHITIEU_APP ?? join(ROOT, "target/debug/chitieu-app");

const SCRIPT = `
"$APP" >/dev/null 2>&1 &
first=$!
sleep 4
timeout 20 "$APP" >/dev/null 2>&1
echo "second=$?"
if kill -0 $first 2>/dev/null; then echo "first=running"; kill $first; else echo "first=gone"; fi
`;

it("a second launch exits and leaves the first running", { timeout: 60_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "chitieu-si-"));
  try {
    const out = execFileSync("dbus-run-session", ["--", "bash", "-c", SCRIPT], {
      encoding: "utf8",
      env: { ...process.env, APP, CHITIEU_DB: join(work, "si.db"), CHITIEU_NOW: "2024-07-01T03:00:00Z" },
    });
    assert.match(out, /second=0/);
    assert.match(out, /first=running/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
