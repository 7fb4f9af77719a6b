// The drafts of the trend assessment in the real app (issue 13): a draft is
// offered for an empty cell, accepted (history says "from a draft"), edited
// in the grid like any text, then cleared, after which it is offered again.
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
const SHOTS = join(ROOT, "docs/screenshots");
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
    // The preparer's field takes input once the unit's own profile has loaded.
    await s.waitFor(`return document.querySelector('#preparer')?.disabled === false`, [], { what: "the unit's profile loaded" });
    await (await s.find("#preparer")).type("Nguyễn Thị Hoa");
    await (await s.find("#setup-save")).click();
    await (await s.find('.period-card[data-period="2024-Q2"]')).click();
    await s.find(trendCell);
  });

  it("accepts a draft into the empty cell; history says it came from a draft", async () => {
    await (await s.find('button[data-tab="drafts"]')).click();
    const box = await s.find('[data-test="draft-1.2-trend"]');
    assert.match(await box.text(), /Đánh giá xu hướng/);
    const value = await s.waitFor(`return document.querySelector('[data-test="draft-1.2-trend"] textarea').value`, [], { what: "draft text" });
    assert.ok(value.startsWith(DRAFT), value);
    mkdirSync(SHOTS, { recursive: true });
    await sleep(250);
    writeFileSync(join(SHOTS, "11-drafts.png"), await s.screenshot());
    await (await s.find('[data-test="accept-1.2-trend"]')).click();
    await s.waitFor(`return !document.querySelector('[data-test="draft-1.2-trend"]')`, [], { what: "draft accepted" });
    const last = history12().at(-1);
    assert.deepEqual(last.origin, { kind: "draft", cli: false });
    assert.ok(last.new.trend.startsWith(DRAFT));
  });

  it("the accepted text is edited in the grid like any text", async () => {
    await (await s.find('button[data-tab="grid"]')).click();
    const c = await s.find(trendCell);
    await s.waitFor(`return document.querySelector('${trendCell} .cell-text').textContent.startsWith('Tăng 5,2 điểm phần trăm')`, [], {
      what: "the grid shows the accepted draft",
    });
    await c.click();
    await s.keys(Keys.ENTER); // opens the edit with the text kept
    await s.keys(" Đã đối chiếu.");
    await s.keys(Keys.ENTER);
    await s.waitFor(`return !!document.querySelector('[data-test="saved"]')`, [], { what: "saved" });
    const last = history12().at(-1);
    assert.deepEqual(last.origin, { kind: "app" });
    assert.ok(last.new.trend.endsWith("Đã đối chiếu."), last.new.trend);
  });

  it("cleared again, the cell is offered its draft once more", async () => {
    const c = await s.find(trendCell);
    await c.click();
    await s.keys(Keys.DELETE);
    await s.waitFor(`return document.querySelector('${trendCell} .cell-text').textContent === ''`, [], { what: "cleared" });
    await s.waitFor(`return !!document.querySelector('[data-test="saved"]')`, [], { what: "saved" });
    assert.equal(history12().at(-1).new.trend, "");
    await (await s.find('button[data-tab="drafts"]')).click();
    await s.find('[data-test="draft-1.2-trend"]');
  });
});
