// The grid keeps its room and its focus at 1366×768, the usual office
// laptop (issue 17, point 6), in the real app over WebDriver: a 2026 report
// still on the 2023–2025 set (the edition line), drafts waiting (the drafts
// line) and an "Đã hoàn tác…" notice share one status strip, and at least
// eight indicator rows stay visible (measured from the elements' rects; a
// screenshot goes to docs/screenshots/). The notice goes with the next edit;
// the findings panel starts folded below 1440 px and is remembered open;
// Enter, Tab and arrows keep the active cell in sight, clear of the sticky
// header and columns; after «Thu gọn» the arrows still move the cell.
//
// Own scratch database, clock and driver ports (CHITIEU_E2E_PORT, else
// 4474), so it runs beside the other suites.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

import { Keys, Session, startDriver } from "./webdriver.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const APP = process.env.CHITIEU_APP ?? join(ROOT, "target/debug/chitieu-app");
const CLI = process.env.CHITIEU_CLI ?? join(ROOT, "target/debug/chitieu");
// Screenshots go under target/; `UPDATE_SCREENSHOTS=1 make test-e2e` refreshes docs/screenshots/.
const SHOTS = join(ROOT, process.env.UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : "target/screenshots");
const NOW = "2026-12-01T03:00:00Z";
const UNIT = "THAI-NGUYEN";
const PORT = Number(process.env.CHITIEU_E2E_PORT ?? 4474);

function cli(db, ...args) {
  return execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8", env: { ...process.env, CHITIEU_NOW: NOW } });
}

async function shot(s, name) {
  mkdirSync(SHOTS, { recursive: true });
  await sleep(300);
  writeFileSync(join(SHOTS, name), await s.screenshot());
}

/** In the page: the indicator rows wholly visible in the grid (below the sticky header, above the bottom edge or scrollbar). */
const VISIBLE_ROWS = `
  const wrap = document.querySelector('[data-test="grid"]');
  const box = wrap.getBoundingClientRect();
  const top = wrap.querySelector('thead').getBoundingClientRect().bottom;
  const bottom = Math.min(box.top + wrap.clientHeight, window.innerHeight);
  return [...wrap.querySelectorAll('tr.figure-row')].filter((tr) => {
    const r = tr.getBoundingClientRect();
    return r.top >= top - 1 && r.bottom <= bottom + 1;
  }).map((tr) => tr.dataset.code);`;

/** In the page: whether the selected cell is wholly in sight (not under the sticky header or the code and name columns). */
const SELECTED_IN_SIGHT = `
  const wrap = document.querySelector('[data-test="grid"]');
  const td = wrap.querySelector('td.cell.sel');
  if (!td) return 'no selected cell';
  const box = wrap.getBoundingClientRect();
  const c = td.getBoundingClientRect();
  const top = wrap.querySelector('thead').getBoundingClientRect().bottom;
  const left = wrap.querySelector('thead th.sticky-2').getBoundingClientRect().right;
  const ok = c.top >= top - 1 && c.bottom <= box.top + wrap.clientHeight + 1 && c.left >= left - 1 && c.right <= box.left + wrap.clientWidth + 1;
  return ok ? 'ok' : td.dataset.code + '/' + td.dataset.field + ' at ' + JSON.stringify([c.top, c.bottom, c.left, c.right]) + ' view ' + JSON.stringify([top, box.top + wrap.clientHeight, left, box.left + wrap.clientWidth]);`;

const selected = `const td = document.querySelector('td.cell.sel'); return td ? td.dataset.code + '/' + td.dataset.field : null`;

describe("the grid at 1366×768", { timeout: 300_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "chitieu-e2e-grid-"));
  const db = join(work, "e2e.db");
  let driver;
  let s;

  before(async () => {
    assert.ok(existsSync(APP), `build the app first: ${APP}`);
    // 2026 on the 2023–2025 set (the edition line), with last quarter's
    // figures so the empty trend cells get drafts (the drafts line).
    for (const [code, q2, q3] of [
      ["1.1", "60", "62,5"],
      ["1.2", "55", "61"],
      ["1.3", "40", "44"],
      ["1.4", "70", "71"],
      ["1.5", "20", "25"],
    ]) {
      cli(db, "set", "--unit", UNIT, "--period", "2026-Q2", code, q2);
      cli(db, "set", "--unit", UNIT, "--period", "2026-Q3", code, q3);
    }
    const env = { ...process.env, CHITIEU_NOW: NOW, CHITIEU_DB: db };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    driver = await startDriver({ port: PORT, nativePort: PORT + 1, env, log: (t) => process.env.E2E_VERBOSE && process.stderr.write(t) });
    s = await Session.create(driver.base, APP);
    // The usual office laptop's screen, the window as large as it.
    await s.cmd("POST", "/window/rect", { x: 0, y: 0, width: 1366, height: 768 });
    // The webview's storage outlives a run: start from the defaults.
    await s.find("#unit-search", { timeout: 20000 });
    await s.exec("localStorage.clear()");
    await (await s.find("#unit-search", { timeout: 20000 })).type("thai nguyen");
    await (await s.find(`li[data-code="${UNIT}"]`)).click();
    await s.waitFor(`return document.querySelector('.form-grid')?.dataset.unit === '${UNIT}' && !document.querySelector('#preparer').disabled`, [], {
      what: "the unit's profile loaded",
    });
    await (await s.find("#preparer")).type("Nguyễn Thị Hoa");
    await (await s.find("#setup-save")).click();
    await (await s.find('.period-card[data-period="2026-Q3"]')).click();
    await s.find('[data-test="grid"]');
  });

  after(async () => {
    await s?.delete();
    await driver?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const saved = () => s.waitFor(`return !!document.querySelector('[data-test="saved"]') && !document.querySelector('td.pending')`, [], { what: "saved" });

  it("with the edition line, the drafts line and a notice, shows at least 8 indicator rows", async () => {
    const size = await s.exec("return [window.innerWidth, window.innerHeight]");
    assert.ok(size[0] <= 1366 && size[1] <= 768, `window ${size}`);
    assert.ok(size[0] >= 1300 && size[1] >= 700, `window ${size}`);
    await s.find('[data-test="edition-banner"]');
    await s.find('[data-test="drafts-hint"]', { timeout: 20000 }).catch(() => null);
    // An edit, then Ctrl+Z: the "Đã hoàn tác…" notice.
    await (await s.find('td[data-code="1.9"][data-field="value"]')).click();
    await s.keys("50" + Keys.ENTER);
    await saved();
    await s.chord(Keys.CONTROL, "z");
    await s.waitFor(`return document.querySelector('[data-test="report-notice"]')?.textContent.includes('Đã hoàn tác')`, [], { what: "the undo notice" });
    await (await s.find('td[data-code="1.1"][data-field="value"]')).click();
    await s.exec(`document.querySelector('[data-test="grid"]').scrollTop = 0`);
    // One line for all three messages, the others behind «+2 thông báo».
    assert.equal((await s.findAll(".strip-line")).length, 1);
    assert.match(await s.text('[data-test="strip-more"]'), /\+2/);
    const rows = await s.exec(VISIBLE_ROWS);
    await shot(s, "13-grid-1366x768.png");
    assert.ok(rows.length >= 8, `visible indicator rows: ${rows.join(", ")}`);
    // The findings panel starts folded below 1440 px: «Nguồn số liệu» and
    // «Đánh giá xu hướng» are in sight.
    assert.equal(await s.exec(`return document.querySelector('[data-test="diagnostics"]').classList.contains('diag-collapsed')`), true);
    const heads = await s.exec(`
      const wrap = document.querySelector('[data-test="grid"]').getBoundingClientRect();
      return [...document.querySelectorAll('.grid thead th')].filter((th) => th.getBoundingClientRect().right <= wrap.right + 1).map((th) => th.textContent)`);
    assert.ok(heads.includes("Nguồn số liệu") && heads.includes("Đánh giá xu hướng"), heads.join(" | "));
  });

  it("the notice goes away with the next edit", async () => {
    await (await s.find('td[data-code="1.9"][data-field="value"]')).click();
    await s.keys("51" + Keys.ENTER);
    await s.waitFor(`return !document.querySelector('[data-test="report-notice"]')`, [], { what: "the notice gone" });
    await saved();
  });

  it("Enter, Tab and arrows keep the active cell in sight", async () => {
    await (await s.find('td[data-code="1.1"][data-field="value"]')).click();
    // Down the value column by Enter (editing), past the bottom of the screen.
    for (let i = 0; i < 14; i++) {
      await s.keys(Keys.ENTER);
      await s.keys(Keys.ENTER);
      assert.equal(await s.exec(SELECTED_IN_SIGHT), "ok", `after ${i + 1} Enter`);
    }
    // Right along the row by Tab, then back by arrows.
    for (let i = 0; i < 6; i++) {
      await s.keys(Keys.TAB);
      assert.equal(await s.exec(SELECTED_IN_SIGHT), "ok", `after ${i + 1} Tab`);
    }
    for (let i = 0; i < 6; i++) {
      await s.keys(Keys.LEFT);
      assert.equal(await s.exec(SELECTED_IN_SIGHT), "ok", `after ${i + 1} ←`);
    }
    for (let i = 0; i < 20; i++) {
      await s.keys(Keys.UP);
      assert.equal(await s.exec(SELECTED_IN_SIGHT), "ok", `after ${i + 1} ↑`);
    }
  });

  it("after «Thu gọn» the arrow keys still move the active cell", async () => {
    await (await s.find('[data-test="diag-expand"]')).click();
    await s.waitFor(`return !document.querySelector('[data-test="diagnostics"]').classList.contains('diag-collapsed')`, [], { what: "panel open" });
    await (await s.find('td[data-code="1.2"][data-field="value"]')).click();
    await (await s.find('[data-test="diag-collapse"]')).click();
    await s.waitFor(`return document.querySelector('[data-test="diagnostics"]').classList.contains('diag-collapsed')`, [], { what: "panel folded" });
    await s.keys(Keys.DOWN);
    await s.waitFor(`${selected.replace("return td ?", "return td && td.dataset.code === '1.3' ?")}`, [], { what: "↓ moved the cell to 1.3" });
    await s.keys(Keys.RIGHT);
    assert.equal(await s.exec(selected), "1.3/status");
  });

  it("the panel opened stays open in the next report", async () => {
    await (await s.find('[data-test="diag-expand"]')).click();
    await (await s.find('[data-test="nav-periods"]')).click();
    await (await s.find('.period-card[data-period="2026-Q2"]')).click();
    await s.find('[data-test="grid"]');
    assert.equal(await s.exec(`return document.querySelector('[data-test="diagnostics"]').classList.contains('diag-collapsed')`), false);
  });
});
