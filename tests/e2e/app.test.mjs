// End-to-end tests of the real desktop app in its real webview (WebKitGTK),
// driven over WebDriver (tauri-driver + WebKitWebDriver), under Xvfb.
//
//   xvfb-run -a node --test tests/e2e/        (make test-e2e does it all)
//
// A scratch database (CHITIEU_DB), a fixed clock (CHITIEU_NOW: 1 July 2024,
// so "this year" is 2024 and Quý II is due in 4 days) and, since WebDriver
// cannot drive native dialogs, the debug build's CHITIEU_E2E_OPEN_FILE /
// CHITIEU_E2E_SAVE_DIR answers. Screenshots of each screen go to
// target/screenshots/ (docs/screenshots/ with UPDATE_SCREENSHOTS=1).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

import { Keys, Session, startDriver } from "./webdriver.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const APP = process.env.CHITIEU_APP ?? join(ROOT, "target/debug/chitieu-app");
const CLI = process.env.CHITIEU_CLI ?? join(ROOT, "target/debug/chitieu");
const FIXTURE = join(ROOT, "tests/fixtures/import/base.xlsx");
// Screenshots go under target/; `UPDATE_SCREENSHOTS=1 make test-e2e` refreshes docs/screenshots/.
const SHOTS = join(ROOT, process.env.UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : "target/screenshots");
const NOW = "2024-07-01T03:00:00Z";
const UNIT = "THAI-NGUYEN";

function appEnv(extra) {
  const env = { ...process.env, CHITIEU_NOW: NOW, ...extra };
  // No session bus: the single-instance check must not find a desktop's own copy.
  delete env.DBUS_SESSION_BUS_ADDRESS;
  return env;
}

function cli(db, ...args) {
  return execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8", env: { ...process.env, CHITIEU_NOW: NOW } });
}

async function shot(s, name) {
  mkdirSync(SHOTS, { recursive: true });
  await sleep(250); // let the last paint land
  writeFileSync(join(SHOTS, name), await s.screenshot());
}

const cell = (code, field) => `td[data-code="${code}"][data-field="${field}"]`;

describe("chitieu desktop app", { timeout: 240_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "chitieu-e2e-"));
  const db = join(work, "e2e.db");
  const out = join(work, "out");
  let driver;
  let s;

  before(async () => {
    assert.ok(existsSync(APP), `build the app first: ${APP}`);
    mkdirSync(out, { recursive: true });
    // Earlier figures typed with the CLI, on the same database: the previous
    // period's column and the trend have something to show.
    cli(db, "set", "--unit", UNIT, "--period", "2023-Q4", "1.1", "71,4");
    cli(db, "set", "--unit", UNIT, "--period", "2024-Q1", "1.1", "78,2", "--status", "estimate");
    cli(db, "set", "--unit", UNIT, "--period", "2024-Q1", "1.2", "44,0");
    driver = await startDriver({
      env: appEnv({
        CHITIEU_DB: db,
        CHITIEU_E2E_OPEN_FILE: FIXTURE,
        CHITIEU_E2E_SAVE_DIR: out,
        // The copy the menu's backup writes, picked again by its restore.
        CHITIEU_E2E_RESTORE_FILE: join(out, "chitieu-sao-luu-2024-07-01.db"),
      }),
      log: (t) => process.env.E2E_VERBOSE && process.stderr.write(t),
    });
    s = await Session.create(driver.base, APP);
  });

  after(async () => {
    await s?.delete();
    await driver?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("first run: choose the unit by typing without diacritics, fill the preparer", async () => {
    const search = await s.find("#unit-search", { timeout: 20000 });
    await search.type("thai nguyen");
    const option = await s.find(`li[data-code="${UNIT}"]`);
    assert.match(await option.text(), /Tỉnh Thái Nguyên/);
    await option.click();
    assert.match(await s.text('[data-test="chosen-unit"]'), /Tỉnh Thái Nguyên/);
    // The unit's own preparer (none yet) loads with it; then the form takes input.
    await s.waitFor(`return document.querySelector('.form-grid')?.dataset.unit === '${UNIT}' && !document.querySelector('#preparer').disabled`, [], { what: "the unit's profile loaded" });
    await (await s.find("#preparer")).type("Nguyễn Thị Hoa");
    await (await s.find("#phone")).type("0208 3855 123");
    await (await s.find("#email")).type("hoa.nt@thainguyen.gov.vn");
    // The place on the form comes from the unit.
    assert.equal(await s.exec(`return document.querySelector('#place').value`), "Thái Nguyên");
    await shot(s, "01-first-run.png");
    await (await s.find("#setup-save")).click();
  });

  it("switching unit shows that unit's own preparer, and cancelling keeps Thái Nguyên's", async () => {
    await (await s.find('.period-card[data-period="2024-Q2"]')).text();
    await (await s.find("#open-setup")).click();
    await s.waitFor(`return document.querySelector('#preparer')?.value === 'Nguyễn Thị Hoa'`, [], { what: "Thái Nguyên's preparer" });
    await (await s.find('[data-test="chosen-unit"] button')).click();
    await (await s.find("#unit-search")).type("tuyen quang");
    await (await s.find('li[data-code="TUYEN-QUANG"]')).click();
    await s.waitFor(
      `return document.querySelector('.form-grid')?.dataset.unit === 'TUYEN-QUANG' && document.querySelector('#preparer').value === '' && document.querySelector('#place').value === 'Tuyên Quang'`,
      [],
      { what: "Tuyên Quang's own (empty) preparer, its place from its name" },
    );
    assert.equal(await s.exec(`return document.querySelector('#setup-save').disabled`), true);
    await shot(s, "01b-switch-unit.png");
    await (await s.find(".setup .actions .btn:not(.btn-primary)")).click();
    const tn = cli(db, "profile", "--unit", UNIT);
    assert.match(tn, /Nguyễn Thị Hoa/);
    assert.match(tn, /địa danh «Thái Nguyên»/);
    assert.doesNotMatch(cli(db, "profile", "--unit", "TUYEN-QUANG"), /Nguyễn Thị Hoa/);
  });

  it("periods: this year's periods with deadlines and days left", async () => {
    const q2 = await s.find('.period-card[data-period="2024-Q2"]');
    const text = await q2.text();
    assert.match(text, /Quý II năm 2024/);
    assert.match(text, /05\/07\/2024/);
    assert.match(text, /còn 4 ngày/);
    assert.match(await s.text('.period-card[data-period="2024-Q1"]'), /quá hạn/);
    await shot(s, "02-periods.png");
    // The year buttons stay under the pointer.
    const prevX = `return document.querySelector('[aria-label="Năm trước"]').getBoundingClientRect().x`;
    const x0 = await s.exec(prevX);
    await (await s.find('[aria-label="Năm trước"]')).click();
    await s.waitFor(`return document.querySelector('h1')?.textContent === 'Kỳ báo cáo năm 2023'`, [], { what: "2023" });
    assert.equal(await s.exec(prevX), x0);
    await (await s.find('[aria-label="Năm sau"]')).click();
    await s.waitFor(`return document.querySelector('h1')?.textContent === 'Kỳ báo cáo năm 2024'`, [], { what: "back to 2024" });
    await (await s.find('.period-card[data-period="2024-Q2"]')).click();
  });

  it("report: a wrong figure is marked with its message, then fixed", async () => {
    await s.find(cell("1.1", "value"));
    // The previous period's figure (typed with the CLI) is beside the input.
    assert.match(await s.text('tr[data-code="1.1"] td.ref.num'), /78,2/);
    // The grid has the keyboard at once: typing needs no click first.
    await s.waitFor(`return document.activeElement?.dataset.test === 'grid' && !!document.querySelector('${cell("1.1", "value")}.sel')`, [], { what: "grid focused on open" });
    await s.keys("135");
    // Checked as typed: the cell is marked before anything is saved.
    await s.waitFor(`return document.querySelector('${cell("1.1", "value")}').classList.contains('mark-error')`, [], { what: "1.1 marked while typing" });
    // The editor covers its whole cell.
    const cover = await s.exec(`const td = document.querySelector('${cell("1.1", "value")}').getBoundingClientRect(); const i = document.querySelector('${cell("1.1", "value")} input').getBoundingClientRect(); return [td.height, i.height, td.width, i.width]`);
    assert.ok(Math.abs(cover[0] - cover[1]) <= 2 && Math.abs(cover[2] - cover[3]) <= 2, `cell vs editor: ${cover}`);
    await s.keys(Keys.ENTER);
    await s.waitFor(`return !!document.querySelector('[data-test="saved"]')`, [], { what: "saved" });
    // Back on the cell: still marked (saved as typed), its message shown.
    await s.keys(Keys.UP);
    await s.waitFor(`return document.querySelector('${cell("1.1", "value")}.sel.mark-error')`, [], { what: "1.1 selected and marked" });
    const tip = await s.text(`${cell("1.1", "value")} [data-test="cell-tip"]`);
    assert.match(tip, /phải từ 0 đến 100/);
    // Below 1440 px wide the findings panel starts folded (issue 17.6): opened,
    // it gives the keyboard back to the grid.
    // (The webview's storage outlives a run and keeps the panel as last left.)
    if (await s.exec(`return !!document.querySelector('[data-test="diag-expand"]')`)) await (await s.find('[data-test="diag-expand"]')).click();
    assert.match(await s.text('[data-test="diagnostics"]'), /1\.1/);
    await shot(s, "03-report-error.png");

    // Text that is not a number, then Esc: nothing saved.
    await s.keys(Keys.DOWN);
    await s.keys("abc");
    await s.waitFor(`return document.querySelector('${cell("1.2", "value")}').classList.contains('mark-error')`, [], { what: "abc marked" });
    await s.keys(Keys.ESCAPE);
    await s.waitFor(
      `const c = document.querySelector('${cell("1.2", "value")}'); return !c.querySelector('input') && c.querySelector('.cell-text').textContent === '' && !c.classList.contains('mark-error')`,
      [],
      { what: "Esc cancelled the edit" },
    );

    // The findings panel folds to give the grid its width, and unfolds.
    const panelWidth = `return document.querySelector('[data-test="diagnostics"]').getBoundingClientRect().width`;
    await (await s.find('[data-test="diag-collapse"]')).click();
    await s.waitFor(`${panelWidth} < 60`, [], { what: "panel folded" });
    assert.match(await s.text('[data-test="diag-expand"]'), /Kiểm tra số liệu/);
    await shot(s, "03b-report-folded.png");
    await (await s.find('[data-test="diag-expand"]')).click();
    await s.waitFor(`${panelWidth} > 300`, [], { what: "panel unfolded" });

    // Fixed, typed the Vietnamese way.
    await (await s.find(cell("1.1", "value"))).click();
    await s.keys("86,97" + Keys.ENTER);
    await s.waitFor(
      `const c = document.querySelector('${cell("1.1", "value")}'); return !c.classList.contains('mark-error') && !c.classList.contains('pending') && c.textContent.includes('86,97')`,
      [],
      { what: "1.1 fixed" },
    );
    // A block copied from Excel (two rows: figure and status), pasted with Ctrl+V.
    await (await s.find(cell("1.3", "value"))).click();
    execFileSync("xclip", ["-selection", "clipboard", "-i"], { input: "80\tChính thức\n81,5\tƯớc tính\n", stdio: ["pipe", "ignore", "ignore"] });
    await s.chord(Keys.CONTROL, "v");
    await s.waitFor(
      `return document.querySelector('${cell("1.4", "status")}')?.textContent === 'Ước tính' && document.querySelector('${cell("1.4", "value")}').textContent === '81,5' && document.querySelector('${cell("1.3", "value")}').textContent === '80'`,
      [],
      { what: "block pasted into 1.3–1.4" },
    );
    assert.match(await s.exec(`return document.querySelector(".report-notice .strip-text").textContent`), /Đã dán 4 ô vào chỉ tiêu 1\.3 đến 1\.4/);
    // Ctrl+Z undoes the whole paste at once, as a change of its own (issue 11,
    // point 5); then the same block is pasted again.
    const pasted = `document.querySelector('${cell("1.4", "status")}')?.textContent === 'Ước tính' && document.querySelector('${cell("1.4", "value")}').textContent === '81,5' && document.querySelector('${cell("1.3", "value")}').textContent === '80'`;
    await s.chord(Keys.CONTROL, "z");
    await s.waitFor(
      `return ['1.3', '1.4'].every((c) => ['value', 'status'].every((f) => document.querySelector('td[data-code="' + c + '"][data-field="' + f + '"]').textContent === ''))`,
      [],
      { what: "paste undone" },
    );
    assert.match(await s.exec(`return document.querySelector(".report-notice .strip-text").textContent`), /Đã hoàn tác thay đổi gần nhất: chỉ tiêu 1\.3, 1\.4/);
    const undone = JSON.parse(cli(db, "history", "--unit", UNIT, "--period", "2024-Q2", "--indicator", "1.3", "--json"));
    assert.deepEqual(undone.history.map((h) => h.origin.kind), ["app", "undo"]);
    assert.equal(undone.history[1].new.raw, "");
    await s.chord(Keys.CONTROL, "v");
    await s.waitFor(`return ${pasted}`, [], { what: "block pasted again" });
    const hist = JSON.parse(cli(db, "history", "--unit", UNIT, "--period", "2024-Q2", "--json"));
    assert.deepEqual(
      hist.history.filter((h) => h.indicator === "1.1").map((h) => h.new.raw),
      ["135", "86,97"],
    );
  });

  it("import: preview the diff, nothing written, then confirm", async () => {
    await (await s.find('[data-tab="import"]')).click();
    await (await s.find("#import-pick")).click();
    const preview = await s.find('[data-test="import-preview"]', { timeout: 20000 });
    assert.match(await preview.text(), /base\.xlsx/);
    // 1.1 (86,97 → 92,5), 1.3 and 1.4 (pasted) change; the rest is new.
    assert.equal(await s.text('.count[data-change="changed"] strong'), "3");
    assert.equal(await s.text('.count[data-change="new"] strong'), "24");
    assert.match(await s.text('tr[data-indicator="1.1"]'), /86,97[\s\S]*92,5[\s\S]*Thay đổi/);
    // Not written before confirm.
    const before = JSON.parse(cli(db, "show", "--unit", UNIT, "--period", "2024-Q2", "--json"));
    assert.equal(before.figures.length, 3);
    await shot(s, "04-import-preview.png");
    await (await s.find("#import-confirm")).click();
    await s.waitFor(`return document.body.innerText.includes('Đã nhập 27 số liệu từ tệp base.xlsx (24 mới, 3 thay đổi)')`, [], { what: "import notice" });
    await s.waitFor(`return document.querySelector('${cell("1.1", "value")}')?.textContent.includes('92,5')`, [], { what: "1.1 imported" });
    await shot(s, "04b-report-after-import.png");
  });

  it("status: a choice with shortcuts, never red while choosing", async () => {
    await (await s.find(cell("1.2", "status"))).click();
    await s.keys("u");
    await s.waitFor(`const c = document.querySelector('${cell("1.2", "status")}'); return c.textContent === 'Ước tính' && !c.querySelector('input') && !c.classList.contains('mark-error')`, [], { what: "u → Ước tính at once" });
    await s.keys(Keys.ENTER);
    await s.find('[data-test="status-choice"]');
    assert.match(await s.text('[data-test="status-choice"]'), /Chính thức[\s\S]*Ước tính[\s\S]*Để trống/);
    await shot(s, "04c-status-choice.png");
    await s.keys("c");
    await s.waitFor(`return document.querySelector('${cell("1.2", "status")}').textContent === 'Chính thức' && !document.querySelector('[data-test="status-choice"]')`, [], { what: "c → Chính thức" });
  });

  it("export: validates, writes the workbook, says where it went", async () => {
    await (await s.find('[data-tab="export"]')).click();
    await (await s.find("#export-submission")).click();
    const result = await s.find('[data-test="export-result"]', { timeout: 20000 });
    assert.match(await result.text(), /PL01_THAI-NGUYEN_2024-Q2\.xlsx/);
    assert.match(await result.text(), new RegExp(out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    await (await s.find("#export-reveal")).click();
    await shot(s, "05-export.png");
    const file = join(out, "PL01_THAI-NGUYEN_2024-Q2.xlsx");
    assert.ok(existsSync(file));
    // Read it back with the CLI, on the same database: every figure is there, unchanged.
    const back = JSON.parse(cli(db, "import", file, "--dry-run", "--json"));
    assert.equal(back.unit.code, UNIT);
    assert.equal(back.period, "2024-Q2");
    assert.equal(back.from_export, true);
    assert.equal(back.figures.length, 27);
    assert.ok(back.figures.every((f) => f.change === "unchanged"), JSON.stringify(back.figures.filter((f) => f.change !== "unchanged")));
    const byCode = Object.fromEntries(back.figures.map((f) => [f.indicator, f]));
    assert.equal(byCode["1.1"].value, 92.5);
    assert.equal(byCode["1.5"].value, 86.97);
    assert.equal(byCode["2.2"].status, "estimate");
    assert.equal(byCode["4.19"].notes, "Số liệu năm 2023");
  });

  it("history: every version and where it came from, and the exports log", async () => {
    await (await s.find('[data-tab="history"]')).click();
    const rows = await s.waitFor(`return document.querySelectorAll('.history-table tbody tr').length`, [], { what: "history rows" });
    assert.ok(rows >= 29, `history rows: ${rows}`);
    const text = await s.text('[data-test="history"]');
    assert.match(text, /Nhập trên ứng dụng/);
    assert.match(text, /Nhập từ tệp base\.xlsx, ô F11/);
    assert.match(text, /Hoàn tác \(Ctrl\+Z\)/);
    // Stored in UTC, shown in the machine's time, as "Đã lưu lúc" (issue 11, point 8).
    const at = new Date(NOW);
    const pad = (n) => String(n).padStart(2, "0");
    assert.ok(text.includes(`${pad(at.getDate())}/${pad(at.getMonth() + 1)}/${at.getFullYear()} ${pad(at.getHours())}:${pad(at.getMinutes())}`), text.slice(0, 400));
    assert.ok((await s.exec(`return document.querySelectorAll('[data-test="restore-value"]').length`)) > 0, "a value to restore");
    assert.match(text, /Báo cáo gửi đi/);
    await shot(s, "06-history.png");
  });

  it("trend: the unit's figures over the periods against plan and target", async () => {
    await (await s.find('[data-tab="trend"]')).click();
    await s.find("#trend-indicator");
    await s.exec(`const sel = document.querySelector('#trend-indicator'); sel.value = '1.1'; sel.dispatchEvent(new Event('change', { bubbles: true }));`);
    await s.waitFor(`return document.querySelector('[data-test="trend"]').innerText.includes('Quý IV năm 2023')`, [], { what: "trend of 1.1" });
    await s.find('[data-test="trend-chart"]');
    const text = await s.text('[data-test="trend"]');
    assert.match(text, /Quý IV năm 2023/);
    assert.match(text, /92,5/);
    await shot(s, "07-trend.png");
  });

  it("menu: backup to a chosen file, and the guide on F1", async () => {
    await (await s.find("#app-menu")).click();
    await s.find("#menu-backup");
    await shot(s, "10-menu.png");
    await (await s.find("#menu-backup")).click();
    const note = await s.find('[data-test="menu-result"]', { timeout: 20000 });
    assert.match(await note.text(), /chitieu-sao-luu-2024-07-01\.db/);
    const copy = join(out, "chitieu-sao-luu-2024-07-01.db");
    assert.ok(existsSync(copy));
    // The copy is a sound chitieu database with the figures.
    const show = JSON.parse(cli(copy, "show", "--unit", UNIT, "--period", "2024-Q2", "--json"));
    assert.equal(show.figures.find((f) => f.indicator === "1.1").value, 92.5);
    await s.keys(Keys.F1);
    await s.waitFor(`return document.querySelector('[data-test="help"]')?.innerText.includes('Hướng dẫn sử dụng')`, [], { what: "the guide" });
    await shot(s, "11-help.png");
    await s.keys(Keys.ESCAPE);
    await s.waitFor(`return !document.querySelector('[data-test="help"]')`, [], { what: "the guide closed" });
    // A change after the backup, then the backup restored: the change is gone,
    // and the database as it was is kept aside.
    cli(db, "set", "--unit", UNIT, "--period", "2024-Q2", "1.1", "12");
    await (await s.find("#app-menu")).click();
    await (await s.find("#menu-restore")).click();
    assert.match(await s.text('[data-test="restore-confirm"]'), /giữ lại/);
    await (await s.find("#restore-pick")).click();
    await s.waitFor(`return document.querySelector('[data-test="menu-result"]')?.innerText.includes('Đã khôi phục dữ liệu')`, [], { timeout: 20000, what: "restored" });
    assert.match(await s.text('[data-test="menu-result"]'), /chitieu-truoc-khoi-phuc-/);
    const back = JSON.parse(cli(db, "show", "--unit", UNIT, "--period", "2024-Q2", "--json"));
    assert.equal(back.figures.find((f) => f.indicator === "1.1").value, 92.5);
    assert.match(execFileSync("ls", [join(work, "backups")], { encoding: "utf8" }), /chitieu-truoc-khoi-phuc-/);
    await s.find('.period-card[data-period="2024-Q2"]', { timeout: 20000 });
  });

  it("gives the webview nothing but its own commands, with exactly their arguments", async () => {
    const call = (cmd, args) =>
      s.exec(
        `return window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(() => 'allowed', (e) => typeof e === 'string' ? e : (e.code + ': ' + e.message))`,
        [cmd, args],
      );
    // Plugins are registered on the Rust side only: their commands are not the webview's.
    assert.match(await call("plugin:dialog|open", {}), /not allowed|denied/i);
    assert.match(await call("plugin:opener|open_path", { path: "/etc" }), /not allowed|denied/i);
    assert.match(await call("plugin:fs|read_file", { path: "/etc/passwd" }), /not allowed|not found|denied/i);
    // The app's own commands refuse an argument they do not take (no path can ride along).
    assert.match(await call("report", { unit: UNIT, period: "2024-Q2", path: "/etc/passwd" }), /^bad_request: /);
    assert.match(await call("export_submission", { unit: UNIT, period: "2024-Q2", out: "/tmp/x.xlsx" }), /^bad_request: /);
    assert.match(await call("reveal_export", { token: "/etc" }), /^unknown_file: /);
  });

  it("is offline by construction: its own scripts, styles and fonts; the CSP refuses the network", async () => {
    const urls = await s.exec(
      "return [...document.querySelectorAll('script[src], link[href], img[src]')].map((e) => e.src || e.href).concat([location.href])",
    );
    assert.ok(urls.length >= 3, JSON.stringify(urls));
    assert.deepEqual(urls.filter((u) => !/^tauri:\/\/localhost(\/|$)/.test(u)), []);
    assert.equal(await s.exec(`return document.fonts.check('16px "Be Vietnam Pro"', 'Thủ tục hành chính')`), true);
    const csp = await s.exec(`return new Promise((res) => {
      document.addEventListener('securitypolicyviolation', (e) => res('blocked by ' + e.effectiveDirective), { once: true });
      fetch('https://example.com/').catch(() => {});
      setTimeout(() => res('no violation'), 3000);
    })`);
    assert.equal(csp, "blocked by connect-src");
  });
});

describe("a database that is not chitieu's", { timeout: 120_000 }, () => {
  it("is reported in the window, in Vietnamese, and left untouched", async () => {
    const work = mkdtempSync(join(tmpdir(), "chitieu-e2e-bad-"));
    const db = join(work, "foreign.db");
    writeFileSync(db, "Đây là một tệp văn bản, không phải cơ sở dữ liệu.\n");
    const driver = await startDriver({ env: appEnv({ CHITIEU_DB: db }) });
    let s;
    try {
      s = await Session.create(driver.base, APP);
      const box = await s.find('.failure[data-code="not_our_database"]', { timeout: 20000 });
      assert.match(await box.text(), /Không mở được cơ sở dữ liệu/);
      assert.match(await box.text(), /không phải là cơ sở dữ liệu của chitieu/);
      await shot(s, "08-database-error.png");
    } finally {
      await s?.delete();
      await driver.stop();
    }
    assert.equal(execFileSync("cat", [db], { encoding: "utf8" }), "Đây là một tệp văn bản, không phải cơ sở dữ liệu.\n");
    rmSync(work, { recursive: true, force: true });
  });
});

describe("a corrupt database", { timeout: 120_000 }, () => {
  it("offers the latest good backup in the window and restores it", async () => {
    const work = mkdtempSync(join(tmpdir(), "chitieu-e2e-corrupt-"));
    const db = join(work, "chitieu.db");
    cli(db, "import", FIXTURE);
    mkdirSync(join(work, "backups"), { recursive: true });
    cli(db, "backup", "--out", join(work, "backups", "chitieu-sao-luu-tay.db"));
    // Damage pages in the middle of the database file.
    const bytes = readFileSync(db);
    bytes.fill(0x5a, 2 * 4096, 5 * 4096);
    writeFileSync(db, bytes);
    const driver = await startDriver({ env: appEnv({ CHITIEU_DB: db }) });
    let s;
    try {
      s = await Session.create(driver.base, APP);
      const box = await s.find('.failure[data-code="corrupt_database"]', { timeout: 20000 });
      assert.match(await box.text(), /bị hỏng/);
      assert.match(await s.text("#failure-restore"), /chitieu-sao-luu-tay\.db/);
      await shot(s, "09-database-restore.png");
      await (await s.find("#failure-restore-button")).click();
      await s.waitFor("return !document.querySelector('.failure') && document.querySelector('main, .setup, .periods, form')", [], {
        timeout: 20000,
        what: "the app past the failure screen",
      });
    } finally {
      await s?.delete();
      await driver.stop();
    }
    // The figures of the copy are back; the damaged file was kept aside.
    const show = JSON.parse(cli(db, "show", "--unit", UNIT, "--period", "2024-Q2", "--json"));
    assert.equal(show.figures.find((f) => f.indicator === "1.1").value, 92.5);
    const kept = execFileSync("ls", [join(work, "backups")], { encoding: "utf8" });
    assert.match(kept, /chitieu-truoc-khoi-phuc-/);
    rmSync(work, { recursive: true, force: true });
  });
});
