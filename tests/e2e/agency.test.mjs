// The receiving agency in the real app (issue 12, point 6): chosen at first
// run, a folder of units' files picked (the debug build's
// CHITIEU_E2E_OPEN_FOLDER answers the native dialog), the completeness
// table filtered, a unit's file and its diagnostics, the statistics with
// their distribution charts, the consolidated workbook written
// (CHITIEU_E2E_SAVE_DIR), and back to a reporting unit.
//
// The units' files are those people send: chitieu's own exports (made with
// the CLI, each unit on its own database), one filled by hand (openpyxl,
// Tỉnh Hà Giang, which no longer existed in Quý III/2025), a late one by
// modification time, and a broken one; beside two of them, the PDF signed
// with a (SoftHSM test) token: Thái Nguyên's says the same figures as its
// Excel file, Sơn La's was signed before a figure changed. Clock: 20/10/2025.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

import { makeToken, MODULE } from "./token.mjs";
import { Session, startDriver } from "./webdriver.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const APP = process.env.CHITIEU_APP ?? join(ROOT, "target/debug/chitieu-app");
const CLI = process.env.CHITIEU_CLI ?? join(ROOT, "target/debug/chitieu");
// Screenshots go under target/; `UPDATE_SCREENSHOTS=1 make test-e2e` refreshes docs/screenshots/.
const SHOTS = join(ROOT, process.env.UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : "target/screenshots");
const NOW = "2025-10-20T03:00:00Z";
const PERIOD = "2025-Q3";

function cli(db, now, ...args) {
  return execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8", env: { ...process.env, CHITIEU_NOW: now } });
}

/** Epoch seconds of a Vietnam wall clock (UTC+7). */
const vn = (y, mo, d, h, mi) => Date.UTC(y, mo - 1, d, h - 7, mi) / 1000;

async function shot(s, name) {
  mkdirSync(SHOTS, { recursive: true });
  await sleep(300);
  writeFileSync(join(SHOTS, name), await s.screenshot());
}

/** Sets a <select> the way a person's choice does (WebDriver cannot open native popups reliably). */
const choose = (s, css, value) =>
  s.exec(`const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('change', {bubbles: true}));`, [css, value]);

const shown = (s) => s.exec(`return [...document.querySelectorAll('tr.agency-row')].map(r => r.dataset.code)`);

describe("receiving agency in the desktop app", { timeout: 300_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "chitieu-e2e-agency-"));
  const db = join(work, "cuc.db");
  const folder = join(work, "Bao cao Quy III");
  const out = join(work, "out");
  let driver;
  let s;

  before(async () => {
    assert.ok(existsSync(APP), `build the app first: ${APP}`);
    mkdirSync(folder, { recursive: true });
    mkdirSync(out, { recursive: true });
    // Two share indicators every province reports in 2025.
    const catalogue = JSON.parse(cli(join(work, "x.db"), NOW, "catalogue", "--year", "2025", "--json"));
    const shares = catalogue.items.filter((i) => i.kind === "share" && i.applies_to?.provinces === true).slice(0, 2);
    assert.equal(shares.length, 2);
    const [a, b] = shares.map((i) => i.code);
    // Each unit's own chitieu: figures set, exported on 02/10/2025.
    const units = [
      ["HUE", "55", "11"],
      ["LAI-CHAU", "57", "32"],
      ["DIEN-BIEN", "59", "53"],
      ["SON-LA", "61", "72"],
      ["NGHE-AN", "63", "91"],
      ["THANH-HOA", "20", "90"],
      ["THAI-NGUYEN", "61", "45"],
      ["LANG-SON", "62,5", "50"],
    ];
    // The units' token (one test token stands in for each unit's own).
    const conf = makeToken(join(work, "pki"), { pin: "246810", label: "chitieu-e2e", holder: "Nguyễn Thị Hồng Hạnh", org: "Sở Thông tin và Truyền thông" });
    const signPdf = (pdf, signed) =>
      execFileSync(CLI, ["sign", "--pkcs11", MODULE, pdf, "--out", signed], {
        encoding: "utf8",
        env: { ...process.env, CHITIEU_NOW: "2025-10-02T02:10:00Z", CHITIEU_PIN: "246810", SOFTHSM2_CONF: conf },
      });
    for (const [unit, va, vb] of units) {
      const udb = join(work, `${unit}.db`);
      cli(udb, NOW, "set", "--unit", unit, "--period", PERIOD, a, va);
      cli(udb, NOW, "set", "--unit", unit, "--period", PERIOD, b, vb);
      const file = join(folder, `PL01_${unit}_${PERIOD}.xlsx`);
      // Thái Nguyên and Sơn La send their signed PDF beside the workbook;
      // Sơn La changed a figure and exported the workbook again, after signing.
      if (unit === "THAI-NGUYEN" || unit === "SON-LA") {
        const pdf = join(work, `PL01_${unit}_${PERIOD}.pdf`);
        cli(udb, "2025-10-02T02:00:00Z", "export", "--unit", unit, "--period", PERIOD, "--out", join(work, `${unit}.xlsx`), "--pdf", pdf);
        signPdf(pdf, join(folder, `PL01_${unit}_${PERIOD}-da-ky.pdf`));
        if (unit === "SON-LA") cli(udb, NOW, "set", "--unit", unit, "--period", PERIOD, b, "73");
      }
      // Exported and received 02/10; Lạng Sơn's on 06/10 (the deadline is
      // "trước ngày 05/10"): chitieu's export time is its «Nhận lúc».
      const late = unit === "LANG-SON";
      cli(udb, late ? "2025-10-06T02:30:00Z" : "2025-10-02T02:00:00Z", "export", "--unit", unit, "--period", PERIOD, "--out", file);
      const at = late ? vn(2025, 10, 6, 9, 30) : vn(2025, 10, 2, 9, 0);
      utimesSync(file, at, at);
      // Huế sends a correction on 08/10, after the deadline: a revision, not a late report.
      if (unit === "HUE") {
        cli(udb, NOW, "set", "--unit", unit, "--period", PERIOD, a, "56");
        const again = join(folder, `PL01_${unit}_${PERIOD}_sua.xlsx`);
        cli(udb, "2025-10-08T03:00:00Z", "export", "--unit", unit, "--period", PERIOD, "--out", again);
        utimesSync(again, vn(2025, 10, 8, 10, 0), vn(2025, 10, 8, 10, 0));
      }
    }
    // Tỉnh Hà Giang, merged into Tuyên Quang on 1/7/2025, filled by hand.
    const spec = join(work, "spec.json");
    writeFileSync(
      spec,
      JSON.stringify([
        { path: join(folder, "ha-giang.xlsx"), unit: "UBND tỉnh Hà Giang", period: "Quý III năm 2025", rows: [[a, shares[0].name, 66, "Chính thức"]], mtime: vn(2025, 10, 3, 8, 0) },
      ]),
    );
    // Debian's python3 has python3-openpyxl (make test installs it); another
    // python3 earlier on PATH (pyenv's) may not.
    const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    execFileSync(python, [join(ROOT, "tests/consolidate/make_unit_files.py"), spec]);
    rmSync(spec);
    writeFileSync(join(folder, "hong.xlsx"), "PK\x03\x04 không phải tệp Excel");

    // A laptop in Vietnam: times are shown in its local time.
    const env = { ...process.env, TZ: "Asia/Ho_Chi_Minh", CHITIEU_NOW: NOW, CHITIEU_DB: db, CHITIEU_E2E_OPEN_FOLDER: folder, CHITIEU_E2E_SAVE_DIR: out };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    driver = await startDriver({ env, log: (t) => process.env.E2E_VERBOSE && process.stderr.write(t) });
    s = await Session.create(driver.base, APP);
  });

  after(async () => {
    await s?.delete();
    await driver?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("first run: the receiving agency is chosen instead of a unit", async () => {
    const choice = await s.find("#setup-agency", { timeout: 20000 });
    assert.match(await s.text('[data-test="setup-mode"]'), /nhận/);
    await shot(s, "30-agency-first-run.png");
    await choice.click();
    await s.find("#agency-pick");
    assert.equal(await s.exec(`return document.querySelector('#agency-period').value`), PERIOD);
  });

  it("reads the folder and shows who sent on time, late, not at all", async () => {
    await (await s.find("#agency-pick")).click();
    await s.waitFor(`return document.querySelectorAll('tr.agency-row').length > 30`, [], { timeout: 30000, what: "the completeness table" });
    const status = (code) => s.exec(`return document.querySelector('tr.agency-row[data-code="${code}"] .badge')?.textContent`);
    assert.equal(await status("HUE"), "Đúng hạn");
    assert.equal(await status("LANG-SON"), "Nộp muộn");
    assert.equal(await status("HA-GIANG"), "Không thuộc danh sách");
    assert.equal(await status("HA-NOI"), "Chưa nộp");
    const counts = Object.fromEntries(
      await s.exec(`return [...document.querySelectorAll('.agency-count')].map(c => [c.querySelector('.count-label').textContent, Number(c.querySelector('.count-value').textContent)])`),
    );
    assert.equal(counts["Đã nộp"], 8);
    assert.equal(counts["Đúng hạn"], 7);
    assert.equal(counts["Nộp muộn"], 1);
    assert.equal(counts["Không thuộc danh sách"], 1);
    // 34 provinces since 1/7/2025, and the ministries.
    assert.ok(counts["Phải nộp"] >= 34, JSON.stringify(counts));
    assert.equal(counts["Chưa nộp"], counts["Phải nộp"] - 8);
    // Local time (Vietnam), as the person's clock shows it.
    assert.match(await s.text('tr.agency-row[data-code="LANG-SON"]'), /06\/10\/2025 09:30/);
    // The «Ký số» column: each signed PDF paired with its unit's workbook.
    const signing = (code) => s.exec(`return document.querySelector('tr.agency-row[data-code="${code}"] td.signing')?.textContent`);
    assert.equal(await signing("THAI-NGUYEN"), "Đã ký — khớp số liệu");
    assert.equal(await signing("SON-LA"), "Đã ký — KHÔNG khớp tệp Excel");
    assert.equal(await signing("HUE"), "Chưa có bản ký");
    assert.match(
      await s.exec(`return document.querySelector('tr.agency-row[data-code="THAI-NGUYEN"] td.signing').title`),
      new RegExp(`PL01_THAI-NGUYEN_${PERIOD}-da-ky\\.pdf — người ký: Nguyễn Thị Hồng Hạnh`),
    );
    await shot(s, "31-agency-completeness.png");
  });

  it("filters the table by status and by name", async () => {
    await choose(s, "#agency-filter-status", "late");
    await s.waitFor(`return document.querySelectorAll('tr.agency-row').length === 1`, [], { what: "only the late unit" });
    assert.deepEqual(await shown(s), ["LANG-SON"]);
    await choose(s, "#agency-filter-status", "all");
    await (await s.find("#agency-filter-text")).type("thanh hoa");
    await s.waitFor(`return document.querySelectorAll('tr.agency-row').length === 1`, [], { what: "Thanh Hóa alone" });
    assert.deepEqual(await shown(s), ["THANH-HOA"]);
  });

  it("opens a unit's file and its diagnostics", async () => {
    await (await s.find('tr.agency-row[data-code="THANH-HOA"] td')).click();
    await s.find('[data-test="agency-unit"][data-code="THANH-HOA"]');
    assert.equal(await s.text('[data-test="agency-unit-file"]'), `PL01_THANH-HOA_${PERIOD}.xlsx`);
    // 20 against 55…63: an outlier across units.
    assert.match(await s.text('[data-test="agency-unit-diags"]'), /Bất thường/);
    await shot(s, "32-agency-unit.png");
    // The file manager is not there under test; the command answers all the same.
    await (await s.find("#agency-reveal")).click();
    await (await s.find("#agency-filter-text")).clear();
    await s.exec(`const el = document.querySelector('#agency-filter-text'); el.dispatchEvent(new Event('input', {bubbles: true}));`);
  });

  it("shows a unit's revisions as a table: file, received, exported, changes", async () => {
    await (await s.find('tr.agency-row[data-code="HUE"] td')).click();
    await s.find('[data-test="agency-unit"][data-code="HUE"] [data-test="agency-revisions"]');
    const cells = await s.exec(
      `return [...document.querySelectorAll('[data-test="agency-revisions"] tbody tr')].map(r => [...r.querySelectorAll('td')].map(c => c.textContent))`,
    );
    assert.equal(cells.length, 2, JSON.stringify(cells));
    assert.match(cells[0][0], /PL01_HUE_2025-Q3\.xlsx/);
    assert.match(cells[0][1], /02\/10\/2025 09:00/);
    assert.doesNotMatch(cells[0][1], /sau hạn/);
    assert.match(cells[1][0], /PL01_HUE_2025-Q3_sua\.xlsx.*đang dùng/);
    assert.match(cells[1][1], /08\/10\/2025 10:00.*sau hạn/);
    assert.match(cells[1][2], /08\/10\/2025 10:00/);
    assert.match(cells[1][3], /55 → 56/);
    // The first receipt decides: on time.
    assert.equal(await s.exec(`return document.querySelector('tr.agency-row[data-code="HUE"] .badge').textContent`), "Đúng hạn");
    await shot(s, "36-agency-revisions.png");
  });

  it("corrects a unit's «Nhận lúc» by hand, with a reason", async () => {
    await (await s.find('tr.agency-row[data-code="THANH-HOA"] td')).click();
    await s.find('[data-test="agency-unit"][data-code="THANH-HOA"]');
    assert.match(await s.text('[data-test="agency-received"]'), /02\/10\/2025 09:00.*giờ xuất từ chitieu/);
    await (await s.find("#agency-correct-open")).click();
    await s.exec(
      `const el = document.querySelector('#agency-correct-at'); el.value = '2025-10-01T08:15'; el.dispatchEvent(new Event('input', {bubbles: true}));`,
    );
    await (await s.find("#agency-correct-reason")).type("Theo thư điện tử đến");
    await (await s.find("#agency-correct-save")).click();
    await s.waitFor(`return document.querySelector('[data-test="agency-received-from"]')?.dataset.from === 'manual'`, [], { timeout: 30000, what: "the corrected «Nhận lúc»" });
    assert.equal(await s.text('[data-test="agency-received-at"]'), "01/10/2025 08:15");
    assert.match(await s.text('[data-test="agency-received"]'), /Lý do: Theo thư điện tử đến/);
    assert.match(await s.text('tr.agency-row[data-code="THANH-HOA"]'), /01\/10\/2025 08:15.*sửa tay/);
    await shot(s, "37-agency-received-corrected.png");
  });

  it("shows per-indicator statistics with a distribution chart", async () => {
    await (await s.find('[data-tab="stats"]')).click();
    await s.find('[data-test="agency-stats"] [data-test="distribution"]');
    const dots = await s.exec(`return document.querySelector('[data-test="agency-stats"] tbody tr [data-test="distribution"]').querySelectorAll('circle').length`);
    assert.ok(dots >= 8, `${dots} dots`);
    await shot(s, "33-agency-statistics.png");
    await (await s.find('[data-tab="files"]')).click();
    const unusable = await s.text('[data-test="agency-unusable"]');
    assert.match(unusable, /hong\.xlsx/);
    // Tỉnh Hà Giang's file is its unit's line, not also an unusable file;
    // the library's English stays in a closed detail.
    assert.doesNotMatch(unusable, /ha-giang/);
    // (WebKit's WebDriver reads a closed <details>' text too: what shows is
    // the tab without its details, and the details are closed.)
    const shown = await s.exec(`const e = document.querySelector('[data-test="agency-unusable"]').cloneNode(true);
      e.querySelectorAll('details').forEach((d) => d.remove()); return e.textContent`);
    assert.match(shown, /hong\.xlsx/);
    assert.doesNotMatch(shown, /Zip|EOCD/);
    assert.equal(await s.exec(`return [...document.querySelectorAll('[data-test="agency-unusable"] details')].some((d) => d.open)`), false);
  });

  it("exports the consolidated workbook", async () => {
    await (await s.find("#agency-export")).click();
    await s.find('[data-test="agency-saved"]');
    assert.match(await s.text('[data-test="agency-saved"]'), /Tong-hop-PL01-2025-Q3\.xlsx/);
    assert.ok(existsSync(join(out, "Tong-hop-PL01-2025-Q3.xlsx")));
    await shot(s, "34-agency-exported.png");
  });

  it("reads a big folder with a progress bar, stays responsive, and stops on request", async () => {
    // An archive of an earlier year lands in the folder: 1,500 workbooks.
    const archive = join(folder, "Lưu trữ 2024");
    mkdirSync(archive);
    const base = readFileSync(join(ROOT, "tests/fixtures/import/base.xlsx"));
    for (let i = 0; i < 1500; i++) writeFileSync(join(archive, `tep-${i}.xlsx`), Buffer.concat([base, Buffer.from(String(i))]));
    await (await s.find('[data-tab="units"]')).click();
    await (await s.find("#agency-rerun")).click();
    await s.waitFor(`return new RegExp(arguments[0]).test(document.querySelector('[data-test="agency-progress"]')?.textContent ?? '')`, ["Đang đọc tệp [1-9][0-9]*/15[0-9][0-9]"], {
      timeout: 20000,
      what: "the progress bar counting files",
    });
    // The window answers while files are read: the table of the last run filters.
    await choose(s, "#agency-filter-status", "late");
    await s.waitFor(`return document.querySelectorAll('tr.agency-row').length === 1`, [], { what: "filtering while reading" });
    await shot(s, "35-agency-progress.png");
    await (await s.find("#agency-cancel")).click();
    await s.waitFor(`return !document.querySelector('[data-test="agency-progress"]')`, [], { what: "the reading stopped" });
    assert.match(await s.text(".agency .notice"), /Đã dừng đọc tệp; chưa ghi gì\./);
    // The last consolidation is still shown.
    assert.deepEqual(await shown(s), ["LANG-SON"]);
    await choose(s, "#agency-filter-status", "all");
  });

  it("switches back to a reporting unit, which is kept for the next start", async () => {
    await (await s.find("#agency-to-unit")).click();
    await s.find("#unit-search");
    assert.equal(await s.exec(`return document.querySelector('#setup-agency') !== null`), true);
  });
});
