// «Ký số» in the real app (issue 20 point 2, the app's half): a
// submission's export writes its PDF rendition beside the workbook («Kèm
// bản PDF», ticked by default); «Ký số…» opens the panel on that PDF; the
// SoftHSM driver chosen among the usual ones found on this machine, the PIN
// typed; a wrong PIN gets the Vietnamese sentence and writes nothing; the
// certificate's holder and validity are shown before «Ký»; the signed copy
// goes beside the PDF as `<stem>-da-ky.pdf`, and poppler's pdfsig says the
// signature is valid and covers the whole document.
//
// The signed copy's figures hash is the workbook's (`chitieu verify
// --against`). The token is a fresh SoftHSM
// token (SOFTHSM2_CONF in the suite's temporary folder) holding a key and a
// certificate made here with openssl, as tests/sign.rs does (and two that
// cannot sign: encryption only, expired); the signing certificate is valid
// from 2024 so that the app's fixed clock (1 July 2024) is inside it. Own port (CHITIEU_E2E_PORT, default 4504), own database.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
const NOW = "2024-07-01T03:00:00Z";
const UNIT = "THAI-NGUYEN";
const PERIOD = "2024-Q2";
const PIN = "246810";
const WRONG = "999999";
const TOKEN = "chitieu-e2e";
const HOLDER = "Nguyễn Thị Hồng Hạnh";
const ORG = "Sở Thông tin và Truyền thông tỉnh Thái Nguyên";

if (!process.env.CHITIEU_E2E_PORT) process.env.CHITIEU_E2E_PORT = "4504";

function cli(db, ...args) {
  return execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8", env: { ...process.env, CHITIEU_NOW: NOW } });
}

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...opts });

async function shot(s, name) {
  mkdirSync(SHOTS, { recursive: true });
  await sleep(300);
  writeFileSync(join(SHOTS, name), await s.screenshot());
}

/** Sets a <select> the way a person's choice does. */
const choose = (s, css, value) =>
  s.exec(`const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('change', {bubbles: true}));`, [css, value]);


describe("«Ký số» in the desktop app", { timeout: 300_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "chitieu-e2e-sign-"));
  const db = join(work, "e2e.db");
  const out = join(work, "out");
  const pdfs = out;
  const xlsx = join(out, `PL01_${UNIT}_${PERIOD}.xlsx`);
  const pdf = join(out, `PL01_${UNIT}_${PERIOD}.pdf`);
  const signed = join(out, `PL01_${UNIT}_${PERIOD}-da-ky.pdf`);
  let driver;
  let s;

  before(async () => {
    assert.ok(existsSync(APP), `build the app first: ${APP}`);
    assert.ok(MODULE, "SoftHSM2 is installed (make test installs softhsm2)");
    mkdirSync(out, { recursive: true });
    const conf = makeToken(join(work, "pki"), { pin: PIN, label: TOKEN, holder: HOLDER, org: ORG });
    cli(db, "set", "--unit", UNIT, "--period", PERIOD, "1.1", "86,97");
    cli(db, "set", "--unit", UNIT, "--period", PERIOD, "1.2", "45,7");

    const env = { ...process.env, CHITIEU_NOW: NOW, CHITIEU_DB: db, CHITIEU_E2E_SAVE_DIR: out, SOFTHSM2_CONF: conf };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    driver = await startDriver({ env, log: (t) => process.env.E2E_VERBOSE && process.stderr.write(t) });
    s = await Session.create(driver.base, APP);
  });

  after(async () => {
    await s?.delete();
    await driver?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("a submission's export writes its PDF beside it and offers «Ký số…» on it", async () => {
    const search = await s.find("#unit-search", { timeout: 20000 });
    await search.type("thai nguyen");
    await (await s.find(`li[data-code="${UNIT}"]`)).click();
    await s.waitFor(`return document.querySelector('.form-grid')?.dataset.unit === '${UNIT}' && !document.querySelector('#preparer').disabled`, [], {
      what: "the unit's profile loaded",
    });
    await (await s.find("#preparer")).type("Nguyễn Thị Hoa");
    await (await s.find("#setup-save")).click();
    await (await s.find(`.period-card[data-period="${PERIOD}"]`)).click();
    await (await s.find('[data-tab="export"]')).click();
    assert.equal(await s.exec(`return document.querySelector('#export-with-pdf').checked`), true, "«Kèm bản PDF» ticked by default");
    await (await s.find("#export-submission")).click();
    // Figures are missing: the export asks first.
    await (await s.find("#export-confirm-yes")).click();
    await s.find('[data-test="export-result"]', { timeout: 20000 });
    assert.match(await s.text("#export-pdf-name"), new RegExp(`^PL01_${UNIT}_${PERIOD}\\.pdf \\(\\d+ trang, `));
    assert.deepEqual(readdirSync(out).sort(), [`PL01_${UNIT}_${PERIOD}.pdf`, `PL01_${UNIT}_${PERIOD}.xlsx`]);
    await (await s.find("#export-sign")).click();
    await s.find('[data-test="sign-panel"]');
  });

  it("the panel opens on the exported PDF; the SoftHSM driver found among the usual ones", async () => {
    assert.equal(await s.text("#sign-file-name"), `PL01_${UNIT}_${PERIOD}.pdf`);
    const present = await s.exec(`return [...document.querySelectorAll('#sign-driver optgroup[label="Có trên máy này"] option')].map(o => o.value)`);
    assert.ok(present.includes(MODULE), JSON.stringify(present));
    await choose(s, "#sign-driver", MODULE);
    assert.equal(await s.exec(`return document.querySelector('#sign-do').disabled`), true, "«Ký» waits for the certificate");
  });

  it("a wrong PIN: the Vietnamese sentence, the PIN cleared, nothing written", async () => {
    await (await s.find("#sign-pin")).type(WRONG);
    assert.equal(await s.exec(`return document.querySelector('#sign-pin').type`), "password");
    await (await s.find("#sign-look")).click();
    const message = await s.waitFor(`return document.querySelector('[data-test="sign-error"]')?.innerText ?? null`, [], { timeout: 20000, what: "the wrong PIN's message" });
    assert.match(message, /Mã PIN không đúng; hãy nhập lại/);
    assert.ok(!message.includes(WRONG));
    assert.equal(await s.exec(`return document.querySelector('[data-test="sign-error"] [data-code]').dataset.code`), "wrong_pin");
    assert.equal(await s.exec(`return document.querySelector('#sign-pin').value`), "");
    assert.deepEqual(readdirSync(pdfs).sort(), [`PL01_${UNIT}_${PERIOD}.pdf`, `PL01_${UNIT}_${PERIOD}.xlsx`]);
  });

  it("the certificate's holder and validity are shown before «Ký»", async () => {
    await (await s.find("#sign-pin")).type(PIN);
    await (await s.find("#sign-look")).click();
    await s.waitFor(`return document.querySelectorAll('[data-test="sign-certificate"]').length === 3`, [], { timeout: 20000, what: "the token's three certificates" });
    const all = await s.exec(`return [...document.querySelectorAll('[data-test="sign-certificate"]')].map(c => c.innerText)`);
    // The one that can sign first (and chosen); the others say why not.
    const [cert, ...others] = all;
    assert.ok(others.some((c) => c.includes("Khoá mã hoá") && c.includes("không dùng để ký số")), JSON.stringify(others));
    assert.ok(others.some((c) => c.includes("Chứng thư cũ") && c.includes("đã hết hạn từ 01/01/2024")), JSON.stringify(others));
    assert.ok(cert.includes(HOLDER), cert);
    assert.ok(cert.includes(ORG), cert);
    assert.match(cert, /từ 01\/01\/2024 đến 31\/12\/2034/);
    assert.match(cert, /dùng được để ký ngay/);
    assert.equal(await s.exec(`return document.querySelector('#sign-do').disabled`), false);
    await shot(s, "40-sign-certificate.png");
  });

  it("signing with a wrong PIN says so and writes nothing", async () => {
    await (await s.find("#sign-pin")).clear();
    await (await s.find("#sign-pin")).type(WRONG);
    await (await s.find("#sign-do")).click();
    const message = await s.waitFor(`return document.querySelector('[data-test="sign-error"]')?.innerText ?? null`, [], { timeout: 20000, what: "the refusal" });
    assert.match(message, /Mã PIN không đúng.*Không có gì được ghi\./s);
    assert.ok(!message.includes(WRONG));
    assert.equal(existsSync(signed), false);
    assert.equal(await s.exec(`return document.querySelector('#sign-pin').value`), "");
  });

  it("«Ký» writes <stem>-da-ky.pdf beside the PDF, valid for pdfsig", async () => {
    await (await s.find("#sign-pin")).type(PIN);
    await (await s.find("#sign-do")).click();
    const result = await s.waitFor(`return document.querySelector('[data-test="sign-result"]')?.innerText ?? null`, [], { timeout: 30000, what: "the signed file" });
    assert.ok(result.includes(`PL01_${UNIT}_${PERIOD}-da-ky.pdf`), result);
    assert.ok(result.includes(pdfs), result);
    assert.ok(result.includes(HOLDER), result);
    assert.match(result, /01\/07\/2024 10:00:00 \+07:00/);
    assert.equal(await s.exec(`return document.querySelector('#sign-pin').value`), "");
    await (await s.find("#sign-reveal")).click();
    await shot(s, "41-signed.png");
    assert.ok(existsSync(signed));
    const original = readFileSync(pdf);
    const bytes = readFileSync(signed);
    assert.ok(bytes.subarray(0, original.length).equals(original), "an incremental update of the PDF");
    const check = run("pdfsig", [signed]);
    assert.match(check, /Signature is Valid/);
    assert.match(check, /Total document signed/);
    assert.ok(check.includes(HOLDER), check);
    // The signed PDF says the same figures as the workbook sent beside it.
    const verified = JSON.parse(
      execFileSync(CLI, ["verify", signed, "--against", xlsx, "--json"], { encoding: "utf8", env: { ...process.env, CHITIEU_NOW: NOW } }),
    );
    assert.equal(verified.matches_submission, true, JSON.stringify(verified));
    assert.equal(verified.signatures.length, 1);
    assert.equal(verified.signatures[0].intact, true);
    // The driver is remembered for next time (setting signing.driver); the
    // PIN is nowhere in the database (nor its write-ahead log).
    const files = [db, `${db}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
    assert.ok(files.some((b) => b.includes(Buffer.from(MODULE))), "the driver is remembered");
    assert.ok(!files.some((b) => b.includes(Buffer.from(PIN)) || b.includes(Buffer.from(WRONG))), "the PIN is not in the database");
  });
});
