// The «Bộ chỉ tiêu» screen end to end, in the real app over WebDriver: it is
// December 2026 and the catalogue ends with 2025. A 2026 report shows the
// banner; the year's set is loaded from the agency's workbook (TEST DATA,
// tests/fixtures/editions/agency-2026.xlsx) with a preview of the
// difference; the report with figures is moved to it; a new report uses it.
//
// The set laid out as an official document, and a TOML set: their own
// files (editions-official.test.mjs, editions-toml.test.mjs), one suite per
// file since the app is single-instance.
//
// Own scratch database and clock, and its own driver ports (CHITIEU_E2E_PORT,
// else 4464; each app launch takes the next two), so it runs beside
// app.test.mjs.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

import { Session, startDriver } from "./webdriver.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const APP = process.env.CHITIEU_APP ?? join(ROOT, "target/debug/chitieu-app");
const CLI = process.env.CHITIEU_CLI ?? join(ROOT, "target/debug/chitieu");
const WORKBOOK = join(ROOT, "tests/fixtures/editions/agency-2026.xlsx");
const PORT = Number(process.env.CHITIEU_E2E_PORT ?? 4464);
// Screenshots go under target/; `UPDATE_SCREENSHOTS=1 make test-e2e` refreshes docs/screenshots/.
const SHOTS = join(ROOT, process.env.UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : "target/screenshots");
const NOW = "2026-12-01T03:00:00Z";
const UNIT = "THAI-NGUYEN";

function cli(db, ...args) {
  return execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8", env: { ...process.env, CHITIEU_NOW: NOW } });
}

async function shot(s, name) {
  mkdirSync(SHOTS, { recursive: true });
  await sleep(250);
  writeFileSync(join(SHOTS, name), await s.screenshot());
}

describe("catalogue editions in the desktop app", { timeout: 240_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "chitieu-e2e-editions-"));
  const db = join(work, "e2e.db");
  let driver;
  let s;

  before(async () => {
    assert.ok(existsSync(APP), `build the app first: ${APP}`);
    // A 2026 report typed before the new set arrived: it runs on 2023–2025.
    cli(db, "set", "--unit", UNIT, "--period", "2026-Q3", "1.2", "61");
    const env = { ...process.env, CHITIEU_NOW: NOW, CHITIEU_DB: db, CHITIEU_E2E_OPEN_FILE: WORKBOOK };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    driver = await startDriver({ port: PORT, nativePort: PORT + 1, env, log: (t) => process.env.E2E_VERBOSE && process.stderr.write(t) });
    s = await Session.create(driver.base, APP);
    // First run: the unit.
    await (await s.find("#unit-search", { timeout: 20000 })).type("thai nguyen");
    await (await s.find(`li[data-code="${UNIT}"]`)).click();
    // The unit's own preparer loads with it; then the form takes input.
    await s.waitFor(`return document.querySelector('.form-grid')?.dataset.unit === '${UNIT}' && !document.querySelector('#preparer').disabled`, [], {
      what: "the unit's profile loaded",
    });
    await (await s.find("#preparer")).type("Nguyễn Thị Hoa");
    await (await s.find("#setup-save")).click();
    await s.find('.period-card[data-period="2026-Q3"]');
  });

  after(async () => {
    await s?.delete();
    await driver?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("a 2026 report on the 2023–2025 set says so, in the banner and the plan heading", async () => {
    await (await s.find('.period-card[data-period="2026-Q3"]')).click();
    assert.match(await s.text("#edition-notice"), /Đang dùng bộ chỉ tiêu 2023–2025; chưa có kế hoạch năm 2026 — nạp bộ chỉ tiêu mới/);
    assert.match(await s.exec("return document.querySelector('.grid thead').textContent"), /Kế hoạch năm 2026: chưa có \(bộ chỉ tiêu 2023–2025\)/);
  });

  it("«Bộ chỉ tiêu» lists the editions, previews the agency's workbook and loads it on confirm", async () => {
    await (await s.find("#open-editions")).click();
    const kh = await s.find('#editions-table tr[data-edition="kh-2023"]');
    assert.match(await kh.text(), /2023–2025/);
    assert.match(await kh.text(), /55/);
    await (await s.find("#edition-pick")).click();
    await s.find("#edition-preview", { timeout: 20000 });
    assert.equal(await s.text("#edition-preview-id"), "thu-nghiem-2026");
    assert.equal(await s.text("#edition-preview-years"), "2026–2030");
    assert.match(await s.text("#diff-added"), /4\.23/);
    assert.match(await s.text("#diff-renamed"), /1\.5/);
    assert.match(await s.text("#edition-notes"), /1\.10/);
    // Nothing stored before confirm.
    assert.equal((await s.findAll("#editions-table tbody tr")).length, 3);
    await s.exec("document.querySelector('#edition-preview').scrollIntoView()");
    await shot(s, "11-editions-preview.png");
    await (await s.find("#edition-confirm")).click();
    assert.match(await s.text("#edition-done"), /Đã nạp bộ chỉ tiêu thu-nghiem-2026/);
    const row = await s.find('#editions-table tr[data-edition="thu-nghiem-2026"]');
    assert.match(await row.text(), /2026–2030/);
    assert.match(await row.text(), /Đã nạp từ tệp/);
    // Its indicators, 1.10 read from the number Excel kept as 1.1.
    await (await s.find('[data-show="thu-nghiem-2026"]')).click();
    assert.match(await s.text('#edition-rows tr[data-code="1.10"]'), /cắt giảm/);
    assert.match(await s.text('#edition-rows tr[data-code="1.2"]'), /≥ 60%/);
    await s.exec("document.querySelector('#edition-rows').scrollIntoView()");
    await shot(s, "12-edition-rows.png");
  });

  it("the report with figures keeps its set until moved; then it plans for 2026", async () => {
    await (await s.find('[data-test="nav-periods"]')).click();
    await (await s.find('.period-card[data-period="2026-Q3"]')).click();
    await (await s.find("#edition-move-preview")).click();
    assert.match(await s.text("#edition-move"), /giữ số liệu của 1 chỉ tiêu cùng mã \(1\.2\)/);
    await (await s.find("#edition-move-confirm")).click();
    await s.waitFor(`return !document.querySelector('[data-test="edition-banner"]')`, [], { what: "banner gone" });
    assert.match(await s.exec("return document.querySelector('.grid thead').textContent"), /Kế hoạch năm 2026/);
    assert.doesNotMatch(await s.exec("return document.querySelector('.grid thead').textContent"), /chưa có/);
    assert.match(await s.text('tr[data-code="1.2"]'), /≥ 60%/);
    // Recorded by the core: the CLI sees the report on the new set.
    assert.match(cli(db, "show", "--unit", UNIT, "--period", "2026-Q3", "--json"), /"edition": "thu-nghiem-2026"/);
  });
});