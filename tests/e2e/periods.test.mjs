// What leaves the unit, in the real app over WebDriver (issue 17 points 2,
// 3 and 8; issue 21 point 3, the period card): it is 7 December 2026 and
// Nghệ An has 4 figures for Quý III/2026 and none for Quý IV.
//
// - a report without any figure: the export button is disabled, with why;
// - a report with figures missing: a confirmation says how many, then the
//   period card says «Đã xuất (4/… chỉ tiêu)», not in the complete colour;
// - a period long past reads «Kỳ đã qua, chưa gửi», not «quá hạn 979 ngày»;
// - «Đã gửi bằng cách khác» from the period card, with its history;
// - "-" typed and Delete in the grid clear a figure the same way;
// - a file for Quý III opened on Quý IV offers to open Quý III with it;
// - a unit that existed in 2024 but not today (Tỉnh Bình Định) is chosen.
//
// Own scratch database and clock, and its own driver ports
// (CHITIEU_E2E_PORT, else 4484), so it runs beside the other suites.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
const NOW = "2026-12-07T03:00:00Z";
const UNIT = "NGHE-AN";
const PORT = Number(process.env.CHITIEU_E2E_PORT ?? 4484);

function cli(db, ...args) {
  return execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8", env: { ...process.env, CHITIEU_NOW: NOW } });
}

async function shot(s, name) {
  mkdirSync(SHOTS, { recursive: true });
  await sleep(250);
  writeFileSync(join(SHOTS, name), await s.screenshot());
}

const cell = (code, field) => `td[data-code="${code}"][data-field="${field}"]`;

describe("what leaves the unit, in the desktop app", { timeout: 300_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "chitieu-e2e-periods-"));
  const db = join(work, "e2e.db");
  const out = join(work, "out");
  // A blank form of Quý III made with the CLI: the file picked on Quý IV.
  const q3File = join(work, "PL01_MAU_NGHE-AN_2026-Q3.xlsx");
  let driver;
  let s;

  before(async () => {
    assert.ok(existsSync(APP), `build the app first: ${APP}`);
    mkdirSync(out, { recursive: true });
    for (const [code, value] of [
      ["1.1", "80"],
      ["1.2", "70"],
      ["1.3", "60"],
      ["1.4", "50"],
    ])
      cli(db, "set", "--unit", UNIT, "--period", "2026-Q3", code, value);
    cli(db, "template", "--unit", UNIT, "--period", "2026-Q3", "--out", q3File);
    const env = { ...process.env, CHITIEU_NOW: NOW, CHITIEU_DB: db, CHITIEU_E2E_OPEN_FILE: q3File, CHITIEU_E2E_SAVE_DIR: out };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    driver = await startDriver({ port: PORT, nativePort: PORT + 1, env, log: (t) => process.env.E2E_VERBOSE && process.stderr.write(t) });
    s = await Session.create(driver.base, APP);
    await (await s.find("#unit-search", { timeout: 20000 })).type("nghe an");
    await (await s.find(`li[data-code="${UNIT}"]`)).click();
    await s.waitFor(`return document.querySelector('.form-grid')?.dataset.unit === '${UNIT}' && !document.querySelector('#preparer').disabled`, [], {
      what: "the unit's profile loaded",
    });
    await (await s.find("#preparer")).type("Lê Văn Nam");
    await (await s.find("#setup-save")).click();
    await s.find('.period-card[data-period="2026-Q4"]');
  });

  after(async () => {
    await s?.delete();
    await driver?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  // The year's heading changes before its list has loaded: wait for the card.
  const deadline = async (p) => {
    await s.waitFor(`return !!document.querySelector('.period-card[data-period="${p}"] [data-test="deadline-state"]')`, [], { what: `the card of ${p}` });
    return deadlineNow(p);
  };
  const deadlineNow = (p) => s.exec(`const e = document.querySelector('.period-card[data-period="${p}"] [data-test="deadline-state"]'); return [e.textContent, e.className]`);

  it("a recent overdue period counts its days; a period long past reads calmly", async () => {
    const [q3, q3Class] = await deadline("2026-Q3");
    assert.match(q3, /^quá hạn \d+ ngày$/);
    assert.match(q3Class, /overdue/);
    await (await s.find('[aria-label="Năm trước"]')).click();
    await s.waitFor(`return document.querySelector('h1')?.textContent === 'Kỳ báo cáo năm 2025'`, [], { what: "2025" });
    await (await s.find('[aria-label="Năm trước"]')).click();
    await s.waitFor(`return document.querySelector('h1')?.textContent === 'Kỳ báo cáo năm 2024'`, [], { what: "2024" });
    const [q2, q2Class] = await deadline("2024-Q2");
    assert.equal(q2, "Kỳ đã qua, chưa gửi");
    assert.doesNotMatch(q2Class, /overdue/);
    assert.doesNotMatch(await s.text(".period-list"), /quá hạn \d{3,} ngày/);
    await shot(s, "17-periods-past-year.png");
    await (await s.find(".year-back")).click();
    await s.waitFor(`return document.querySelector('h1')?.textContent === 'Kỳ báo cáo năm 2026'`, [], { what: "back to 2026" });
  });

  it("a report without any figure cannot be exported, and says why", async () => {
    await (await s.find('.period-card[data-period="2026-Q4"]')).click();
    await (await s.find('[data-tab="export"]')).click();
    await s.find('[data-test="export-refusal"]');
    assert.match(await s.text('[data-test="export-refusal"]'), /chưa có số liệu nào/);
    assert.equal(await s.exec(`return document.querySelector('#export-submission').disabled`), true);
    await shot(s, "17-export-empty.png");
    assert.equal(readdirSync(out).length, 0);
  });

  it("a file for Quý III picked on Quý IV offers to open Quý III with it", async () => {
    await (await s.find('[data-tab="import"]')).click();
    await (await s.find("#import-pick")).click();
    const open = await s.find("#import-open-period", { timeout: 20000 });
    assert.match(await open.text(), /Quý III năm 2026/);
    await shot(s, "17-import-other-period.png");
    await open.click();
    await s.waitFor(`return document.body.innerText.includes('Quý III năm 2026') && !!document.querySelector('[data-test="import-preview"], .import-failed')`, [], {
      what: "Quý III opened with the file",
      timeout: 20000,
    });
    assert.match(await s.text('[data-test="import-preview"]'), /PL01_MAU_NGHE-AN_2026-Q3\.xlsx/);
    await (await s.find("#import-cancel")).click();
  });

  it("a report with figures missing is exported after saying how many", async () => {
    await (await s.find('[data-tab="export"]')).click();
    await (await s.find("#export-submission")).click();
    const ask = await s.find('[data-test="export-confirm"]');
    const text = await ask.text();
    const m = /Còn (\d+)\/(\d+) chỉ tiêu chưa có số liệu\. Vẫn xuất\?/.exec(text);
    assert.ok(m, text);
    const expected = Number(m[2]);
    assert.equal(Number(m[1]), expected - 4);
    assert.equal(readdirSync(out).length, 0, "nothing written before the answer");
    await shot(s, "17-export-confirm.png");
    await (await s.find("#export-confirm-yes")).click();
    const result = await s.find('[data-test="export-result"]', { timeout: 20000 });
    assert.match(await result.text(), new RegExp(`4/${expected} chỉ tiêu có số liệu`));
    assert.ok(existsSync(join(out, "PL01_NGHE-AN_2026-Q3.xlsx")));
    await (await s.find('[data-test="nav-periods"]')).click();
    const badge = await s.find('.period-card[data-period="2026-Q3"] .badge');
    assert.equal(await badge.text(), `Đã xuất (4/${expected} chỉ tiêu)`);
    assert.equal(await s.exec(`return document.querySelector('.period-card[data-period="2026-Q3"] .badge').dataset.state`), "exported_partial");
    // Not the colour of a complete export.
    const colours = await s.exec(
      `const b = document.querySelector('.period-card[data-period="2026-Q3"] .badge'); const probe = document.createElement('span'); probe.className = 'badge state-exported'; document.body.appendChild(probe); const c = [getComputedStyle(b).backgroundColor, getComputedStyle(probe).backgroundColor]; probe.remove(); return c`,
    );
    assert.notEqual(colours[0], colours[1]);
    assert.equal((await deadline("2026-Q3"))[0], "Đã xuất tệp gửi đi");
    await shot(s, "17-periods-exported-partial.png");
    const periods = JSON.parse(cli(db, "periods", "--unit", UNIT, "--year", "2026", "--json"));
    assert.equal(periods.periods.find((p) => p.period === "2026-Q3").state_label, `Đã xuất (4/${expected} chỉ tiêu)`);
  });

  it("«Đã gửi bằng cách khác» is set from the period card, and taken back", async () => {
    const item = '[data-item="2026-Q2"]';
    await (await s.find(`${item} .card-sent-open`)).click();
    await (await s.find(`${item} .card-sent-note`)).type("Công văn số 45/STTTT");
    await (await s.find(`${item} .card-sent-mark`)).click();
    await s.waitFor(`return document.querySelector('.period-card[data-period="2026-Q2"] [data-test="deadline-state"]')?.textContent === 'Đã gửi bằng cách khác'`, [], {
      what: "Q2 marked",
    });
    await shot(s, "21-card-sent.png");
    await (await s.find(`${item} .card-sent-undo`)).click();
    await s.waitFor(`return /quá hạn/.test(document.querySelector('.period-card[data-period="2026-Q2"] [data-test="deadline-state"]')?.textContent)`, [], {
      what: "Q2 overdue again",
    });
    // Both marks are kept: the export tab's list shows them.
    await (await s.find('.period-card[data-period="2026-Q2"]')).click();
    await (await s.find('[data-tab="export"]')).click();
    await s.waitFor(`return document.querySelectorAll('.sent-marks li').length === 2`, [], { what: "two marks in the history" });
    assert.match(await s.text(".sent-marks"), /Công văn số 45\/STTTT/);
    await (await s.find('[data-test="nav-periods"]')).click();
  });

  it('"-" typed and Delete clear a figure the same way', async () => {
    await (await s.find('.period-card[data-period="2026-Q3"]')).click();
    await (await s.find(cell("1.4", "value"))).click();
    await s.keys("-");
    await s.keys(Keys.ENTER);
    await s.waitFor(`return document.querySelector('${cell("1.4", "value")}').textContent.trim() === '' && document.querySelector('${cell("1.4", "status")}').textContent.trim() === ''`, [], {
      what: "1.4 cleared with its status",
    });
    await (await s.find(cell("1.3", "value"))).click();
    await s.keys(Keys.DELETE);
    await s.waitFor(`return document.querySelector('${cell("1.3", "value")}').textContent.trim() === '' && document.querySelector('${cell("1.3", "status")}').textContent.trim() === ''`, [], {
      what: "1.3 cleared with its status",
    });
    const shown = JSON.parse(cli(db, "show", "--unit", UNIT, "--period", "2026-Q3", "--json"));
    for (const code of ["1.3", "1.4"]) {
      const f = shown.figures.find((x) => x.indicator === code);
      assert.ok(!f || (f.value === null && f.status === null && f.raw === ""), JSON.stringify(f));
    }
    let missing = "";
    try {
      missing = cli(db, "validate", "--unit", UNIT, "--period", "2026-Q3");
    } catch (e) {
      missing = String(e.stdout ?? "") + String(e.stderr ?? "");
    }
    assert.match(missing, /1\.3/);
    assert.match(missing, /1\.4/);
    await (await s.find('[data-test="nav-periods"]')).click();
  });

  it("a unit that existed in 2024 but not today can be chosen for its periods", async () => {
    await (await s.find("#open-setup")).click();
    await (await s.find('[data-test="chosen-unit"] button')).click();
    await (await s.find("#unit-search")).type("binh dinh");
    const former = await s.find('li[data-code="BINH-DINH"]');
    assert.match(await former.text(), /Tỉnh Bình Định[\s\S]*đến hết ngày 30\/06\/2025/);
    await shot(s, "17-unit-former.png");
    await former.click();
    await s.waitFor(`return document.querySelector('.form-grid')?.dataset.unit === 'BINH-DINH' && !document.querySelector('#preparer').disabled`, [], {
      what: "Bình Định's profile loaded",
    });
    await (await s.find("#preparer")).type("Trần Thị Mai");
    await (await s.find("#setup-save")).click();
    // Its last year, where it reported.
    await s.waitFor(`return document.querySelector('h1')?.textContent === 'Kỳ báo cáo năm 2025'`, [], { what: "2025 for Bình Định" });
    // The heading changes before the year's cards arrive: wait for the card.
    await s.waitFor(`return !!document.querySelector('.period-card[data-period="2025-Q2"]')`, [], { what: "2025-Q2's card" });
    assert.equal(await s.exec(`return document.querySelector('.period-card[data-period="2025-Q2"]').disabled`), false);
    await (await s.find('[aria-label="Năm trước"]')).click();
    await (await s.find('.period-card[data-period="2024-Q2"]')).click();
    await s.waitFor(`return document.body.innerText.includes('Tỉnh Bình Định') && !!document.querySelector('${cell("1.1", "value")}')`, [], {
      what: "Bình Định's 2024-Q2 report",
    });
  });
});
