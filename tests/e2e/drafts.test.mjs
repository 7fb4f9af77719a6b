// The drafts of the trend assessment in the real app (issue 13): a draft is
// shown in its empty cell as a suggestion, accepted with Ctrl+Enter (history
// says "from a draft"), edited in the grid like any text, both undone with
// Ctrl+Z (the draft is offered again), accepted with the «Nhận» button; the
// review's saved versions are listed where it is edited. Issue 17.7: a figure
// with no earlier figure gets a draft about its plan only (never «Chưa có số
// liệu … để so sánh»), a figure with an error (150 %) gets none (the drafts
// tab says why, Ctrl+Enter takes nothing), and a long draft is cut with «…»
// in its cell and shown whole when the cell is selected.
// Same setup as app.test.mjs: scratch database, fixed clock, Xvfb.

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
const NOW = "2024-07-01T03:00:00Z";
const UNIT = "THAI-NGUYEN";
const DRAFT = "Tăng 5,2 điểm phần trăm so với Quý I/2024 (từ 40,5% lên 45,7%)";

function cli(db, ...args) {
  return execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8", env: { ...process.env, CHITIEU_NOW: NOW } });
}

const trendCell = `td[data-code="1.2"][data-field="trend"]`;

describe("drafts in the desktop app", { timeout: 240_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "chitieu-e2e-drafts-"));
  const db = join(work, "e2e.db");
  let driver;
  let s;

  before(async () => {
    assert.ok(existsSync(APP), `build the app first: ${APP}`);
    cli(db, "set", "--unit", UNIT, "--period", "2024-Q1", "1.2", "40,5");
    cli(db, "set", "--unit", UNIT, "--period", "2024-Q2", "1.2", "45,7");
    cli(db, "set", "--unit", UNIT, "--period", "2024-Q2", "1.3", "60");
    const env = { ...process.env, CHITIEU_NOW: NOW, CHITIEU_DB: db };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    driver = await startDriver({ env, log: (t) => process.env.E2E_VERBOSE && process.stderr.write(t) });
    s = await Session.create(driver.base, APP);
  });

  after(async () => {
    await s?.delete();
    await driver?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const history12 = () => JSON.parse(cli(db, "history", "--unit", UNIT, "--period", "2024-Q2", "--indicator", "1.2", "--json")).history;

  it("opens the Q2 report", async () => {
    const search = await s.find("#unit-search", { timeout: 20000 });
    await search.type("thai nguyen");
    await (await s.find(`li[data-code="${UNIT}"]`)).click();
    // The unit's own preparer loads with it; then the form takes input.
    await s.waitFor(`return document.querySelector('.form-grid')?.dataset.unit === '${UNIT}' && !document.querySelector('#preparer').disabled`, [], {
      what: "the unit's profile loaded",
    });
    await (await s.find("#preparer")).type("Nguyễn Thị Hoa");
    await (await s.find("#setup-save")).click();
    await (await s.find('.period-card[data-period="2024-Q2"]')).click();
    await s.find(trendCell);
  });

  const cellText = `return document.querySelector('${trendCell} .cell-text').textContent`;
  const saved = () => s.waitFor(`return !!document.querySelector('[data-test="saved"]') && !document.querySelector('td.pending')`, [], { what: "saved" });

  it("the empty cell shows its draft as a suggestion, saved nowhere", async () => {
    const suggestion = await s.waitFor(`return document.querySelector('${trendCell} .cell-draft')?.textContent ?? null`, [], {
      what: "the draft shown in the cell",
    });
    assert.ok(suggestion.includes(DRAFT), suggestion);
    assert.equal(await s.exec(cellText), "");
    assert.equal(history12().length, 1); // only the figure
    // Selected, the cell offers its «Nhận» button: the README's screenshot.
    await (await s.find(trendCell)).click();
    await s.waitFor(`return getComputedStyle(document.querySelector('${trendCell} .draft-take')).visibility === 'visible'`, [], { what: "the «Nhận» button" });
    assert.match(await s.text('[data-test="drafts-hint"]'), /Ctrl\+Enter/);
    mkdirSync(SHOTS, { recursive: true });
    await sleep(250);
    writeFileSync(join(SHOTS, "11-drafts.png"), await s.screenshot());
  });

  const cellOf = (code) => `td[data-code="${code}"][data-field="trend"]`;
  const historyOf = (code) => JSON.parse(cli(db, "history", "--unit", UNIT, "--period", "2024-Q2", "--indicator", code, "--json")).history;

  it("no earlier figure: the draft speaks of the plan, cut with «…» in the cell, whole when selected", async () => {
    const drafts = JSON.parse(cli(db, "draft", "--unit", UNIT, "--period", "2024-Q2", "--json")).drafts;
    const full = drafts.find((d) => d.indicator === "1.3").trend;
    assert.ok(full && !/chưa có số liệu/i.test(full), full);
    const shown = await s.waitFor(`return document.querySelector('${cellOf("1.3")} .cell-draft')?.textContent ?? null`, [], { what: "1.3's draft" });
    assert.ok(!/chưa có số liệu/i.test(shown), shown);
    // Cut at two lines: the line clamp draws «…».
    const cut = await s.exec(
      `const t = document.querySelector('${cellOf("1.3")} .cell-draft-text'); return [t.scrollHeight > t.clientHeight + 1, getComputedStyle(t).webkitLineClamp]`,
    );
    assert.deepEqual(cut, [true, "2"]);
    await (await s.find(cellOf("1.3"))).click();
    const whole = await s.waitFor(`return document.querySelector('${cellOf("1.3")} [data-test="cell-full"]')?.textContent ?? null`, [], { what: "the whole draft" });
    assert.ok(whole.includes(full), whole);
    const rect = await s.exec(`const r = document.querySelector('${cellOf("1.3")} [data-test="cell-full"]').getBoundingClientRect(); const f = document.querySelector('${cellOf("1.3")} [data-test="cell-full"]'); return [f.scrollHeight <= f.clientHeight + 1, r.width]`);
    assert.equal(rect[0], true, "the whole draft fits its box");
    mkdirSync(SHOTS, { recursive: true });
    await sleep(250);
    writeFileSync(join(SHOTS, "11b-draft-whole.png"), await s.screenshot());
  });

  it("a figure with an error (150 %) gets no draft; the drafts tab says why; Ctrl+Enter takes nothing", async () => {
    // Typed in the grid (the CLI refuses it; the app keeps what was typed, marked).
    await (await s.find('td[data-code="1.4"][data-field="value"]')).click();
    await s.keys("150" + Keys.ENTER);
    await saved();
    await sleep(500);
    assert.equal(await s.exec(`return !!document.querySelector('${cellOf("1.4")} .cell-draft')`), false);
    await (await s.find(cellOf("1.4"))).click();
    await s.chord(Keys.CONTROL, Keys.ENTER);
    await sleep(500);
    assert.equal(historyOf("1.4").length, 1);
    await (await s.find('button[data-tab="drafts"]')).click();
    assert.match(await s.text('[data-test="no-draft-1.4"]'), /có lỗi/);
    assert.equal(await s.exec(`return !!document.querySelector('[data-test="draft-1.4-trend"]')`), false);
    await (await s.find('button[data-tab="grid"]')).click();
    await (await s.find(trendCell)).click();
  });

  it("Ctrl+Enter accepts the draft into the cell; history says it came from a draft", async () => {
    await s.chord(Keys.CONTROL, Keys.ENTER);
    await s.waitFor(`${cellText}.startsWith('${DRAFT}')`, [], { what: "the draft accepted" });
    await saved();
    assert.equal(await s.exec(`return !!document.querySelector('${trendCell} .cell-draft')`), false);
    const notice = await s.waitFor(`return document.querySelector('[data-test="report-notice"] .strip-text')?.textContent ?? null`, [], { what: "the notice" });
    assert.match(notice, /Đã nhận bản nháp «Đánh giá xu hướng» của chỉ tiêu 1\.2/);
    const last = history12().at(-1);
    assert.deepEqual(last.origin, { kind: "draft", cli: false });
    assert.ok(last.new.trend.startsWith(DRAFT));
  });

  it("the accepted text is edited in the grid like any text", async () => {
    await (await s.find(trendCell)).click();
    await s.keys(Keys.ENTER); // opens the edit with the text kept
    await s.keys(" Đã đối chiếu.");
    await s.keys(Keys.ENTER);
    await s.waitFor(`${cellText}.endsWith('Đã đối chiếu.')`, [], { what: "the edit shown" });
    await saved();
    const last = history12().at(-1);
    assert.deepEqual(last.origin, { kind: "app" });
    assert.ok(last.new.trend.startsWith(DRAFT) && last.new.trend.endsWith("Đã đối chiếu."), last.new.trend);
  });

  it("Ctrl+Z undoes the edit, then the acceptance: the draft is offered again", async () => {
    await (await s.find(trendCell)).click();
    await s.chord(Keys.CONTROL, "z");
    await s.waitFor(`const t = ${cellText.slice(7)}; return t.startsWith('${DRAFT}') && !t.endsWith('Đã đối chiếu.')`, [], { what: "the edit undone" });
    await saved();
    await s.chord(Keys.CONTROL, "z");
    await s.waitFor(`return ${cellText.slice(7)} === '' && !!document.querySelector('${trendCell} .cell-draft')`, [], { what: "the acceptance undone" });
    await saved();
    const h = history12();
    assert.deepEqual(
      h.map((x) => x.origin.kind),
      ["cli", "draft", "app", "undo", "undo"],
    );
    // Each undo names the batch it reverted: the edit first, then the acceptance.
    assert.deepEqual(
      h.slice(3).map((x) => x.origin.batch),
      [h[2].batch, h[1].batch],
    );
    assert.ok(h[3].new.trend.startsWith(DRAFT) && !h[3].new.trend.endsWith("Đã đối chiếu."));
    assert.equal(h[4].new.trend, "");
  });

  it("the «Nhận» button accepts it again; the history tab names the origins", async () => {
    await (await s.find(trendCell)).click();
    await (await s.find(`${trendCell} [data-test="take-draft-1.2-trend"]`)).click();
    await s.waitFor(`${cellText}.startsWith('${DRAFT}')`, [], { what: "accepted by the button" });
    await saved();
    assert.deepEqual(history12().at(-1).origin, { kind: "draft", cli: false });
    await (await s.find('button[data-tab="history"]')).click();
    const panel = await s.find('[data-test="history"]');
    await s.waitFor(`return document.querySelector('[data-test="history"]').textContent.includes('Hoàn tác (Ctrl+Z)')`, [], { what: "history rows" });
    const text = await panel.text();
    assert.match(text, /Nhận bản nháp đánh giá/);
    assert.match(text, /Nhập trên ứng dụng/);
  });

  it("the review saved from the drafts tab lists its versions, in local time, with their origin", async () => {
    await (await s.find('button[data-tab="drafts"]')).click();
    await s.find('[data-test="review"] textarea');
    await (await s.find('[data-test="save-review"]')).click();
    const list = await s.find('[data-test="review-history"]');
    assert.match(await list.text(), /Lần 1 — 01\/07\/2024 \d{2}:00 — Nhận bản nháp đánh giá/);
    const out = cli(db, "history", "--unit", UNIT, "--period", "2024-Q2");
    assert.match(out, /Phần «Đánh giá 6 tháng»:/);
    assert.match(out, /lần 1 ĐÁNH GIÁ 6 THÁNG ĐẦU NĂM 2024.*\(nhận bản nháp trên ứng dụng\)/);
  });
});
