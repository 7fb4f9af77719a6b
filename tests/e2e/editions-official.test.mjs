// The «Bộ chỉ tiêu» screen end to end, in the real app over WebDriver: it is
// December 2026 and the catalogue ends with 2025. A 2026 report shows the
// banner; the year's set is loaded from the agency's workbook (TEST DATA,
// tests/fixtures/editions/agency-2026.xlsx) with a preview of the
// difference; the report with figures is moved to it; a new report uses it.
//
// Then (issue 17, point 1; issue 21, point 3) the set as the agency's
// official documents lay it out — notes and a signature block under the
// table, saved by LibreOffice as .ods — previews with its notes and loads;
// a move made with `chitieu move-edition` shows in the report's history
// panel; and a TOML set loads from the same screen.
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
const SIGNED = join(ROOT, "tests/fixtures/editions/agency-signed-2026.ods");
const PORT = Number(process.env.CHITIEU_E2E_PORT ?? 4474);
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

/** The app on database `db` whose open dialog answers `file`, past the first-run setup. */
async function launch(db, file, port) {
  const env = { ...process.env, CHITIEU_NOW: NOW, CHITIEU_DB: db, CHITIEU_E2E_OPEN_FILE: file };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const driver = await startDriver({ port, nativePort: port + 1, env, log: (t) => process.env.E2E_VERBOSE && process.stderr.write(t) });
  const s = await Session.create(driver.base, APP);
  await (await s.find("#unit-search", { timeout: 20000 })).type("thai nguyen");
  await (await s.find(`li[data-code="${UNIT}"]`)).click();
  await s.waitFor(`return document.querySelector('.form-grid')?.dataset.unit === '${UNIT}' && !document.querySelector('#preparer').disabled`, [], {
    what: "the unit's profile loaded",
  });
  await (await s.find("#preparer")).type("Nguyễn Thị Hoa");
  await (await s.find("#setup-save")).click();
  await s.find('.period-card[data-period="2026-Q3"]');
  return { driver, s };
}

describe("an indicator set laid out as an official document, and its move in the history panel", { timeout: 240_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "chitieu-e2e-editions-signed-"));
  const db = join(work, "e2e.db");
  let app;

  before(async () => {
    assert.ok(existsSync(APP), `build the app first: ${APP}`);
    cli(db, "set", "--unit", UNIT, "--period", "2026-Q3", "1.2", "61");
    app = await launch(db, SIGNED, PORT + 2);
  });

  after(async () => {
    await app?.s?.delete();
    await app?.driver?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("notes and the signature block under the table are no error; the notes show in the preview", async () => {
    const { s } = app;
    await (await s.find("#open-editions")).click();
    // The list first: it loads after the screen opens and moves «Chọn tệp…»
    // down; a click aimed before it came could land beside the button (the
    // flake of «neither a preview nor an error»; editions.test.mjs waited).
    await s.find('#editions-table tr[data-edition="kh-2023"]');
    await (await s.find("#edition-pick")).click();
    await s.find("#edition-preview", { timeout: 20000 });
    assert.equal(await s.text("#edition-preview-id"), "kh-2026");
    assert.equal((await s.findAll("#edition-failed")).length, 0);
    assert.match(await s.text("#edition-footnotes"), /Ghi chú: chỉ tiêu 3\.12 không tiếp tục theo dõi từ năm 2026; bổ sung chỉ tiêu 1\.11 và 3\.13\./);
    assert.match(await s.text("#edition-notes"), /khối chữ ký/);
    assert.match(await s.text("#diff-added"), /1\.11/);
    assert.match(await s.text("#diff-added"), /3\.13/);
    // The code stays on one line.
    const lines = await s.exec("return document.querySelector('#edition-preview-id').getClientRects().length");
    assert.equal(lines, 1, `edition code over ${lines} lines`);
    await s.exec("document.querySelector('#edition-footnotes').scrollIntoView()");
    await shot(s, "13-editions-signed-preview.png");
    await (await s.find("#edition-confirm")).click();
    assert.match(await s.text("#edition-done"), /Đã nạp bộ chỉ tiêu kh-2026/);
    await s.find('#editions-table tr[data-edition="kh-2026"] td.edition-id');
    assert.equal(await s.exec(`return getComputedStyle(document.querySelector('#editions-table tr[data-edition="kh-2026"] td.edition-id')).whiteSpace`), "nowrap");
  });

  it("a move made with `chitieu move-edition` is in the report's history panel", async () => {
    const { s } = app;
    assert.match(cli(db, "move-edition", "--unit", UNIT, "--period", "2026-Q3", "--to", "kh-2026"), /Đã chuyển/);
    await (await s.find('[data-test="nav-periods"]')).click();
    await (await s.find('.period-card[data-period="2026-Q3"]')).click();
    await (await s.find('[data-tab="history"]')).click();
    const moves = await s.find('[data-test="edition-changes"]', { timeout: 10000 });
    const text = await moves.text();
    assert.match(text, /chuyển từ bộ chỉ tiêu kh-2023 sang kh-2026; giữ số liệu của 1 chỉ tiêu cùng mã/);
    assert.match(text, /lệnh chitieu move-edition/);
    await shot(s, "14-history-edition-move.png");
  });
});

