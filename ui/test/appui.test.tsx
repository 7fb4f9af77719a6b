// Issue 11 on the app's screens (mock backend): each unit's own preparer,
// backup/restore/help, the rough edges of the periods, import and report.

import { act } from "preact/test-utils";
import { describe, expect, it } from "vitest";

import { SAMPLE_UNITS } from "./backend/mock-backend";
import { click, key, mountApp, settle, typeInto } from "./helpers";

const wait = async () => {
  await settle(10);
  await new Promise((r) => setTimeout(r, 120));
  await settle();
};

async function chooseUnit(root: Element, query: string, code: string) {
  await typeInto(root.querySelector<HTMLInputElement>("#unit-search")!, query);
  await wait();
  await act(() => root.querySelector<HTMLElement>(`.unit-results li[data-code="${code}"]`)!.click());
  await settle();
}

const submit = (root: Element) =>
  act(() => {
    root.querySelector("form")!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  });

describe("the preparer belongs to the unit", () => {
  it("switching unit loads the new unit's own preparer and place; saving never writes the old unit's", async () => {
    const { root, backend } = await mountApp({}, async (b) => {
      await b.saveProfile("THAI-NGUYEN", { unit: "THAI-NGUYEN", preparer: "Nguyễn Thị Hoa", phone: "0208", email: "hoa@tn.gov.vn", head: "", place: "Thái Nguyên" });
      await b.saveProfile("HA-NOI", { unit: "HA-NOI", preparer: "Lê Văn Nam", phone: "024", email: "", head: "", place: "Hà Nội" });
    });
    await act(() => root.querySelector<HTMLElement>("#open-setup")!.click());
    await settle();
    expect(root.querySelector<HTMLInputElement>("#preparer")!.value).toBe("Nguyễn Thị Hoa");
    await act(() => root.querySelector<HTMLElement>('[data-test="chosen-unit"] button')!.click());
    await settle();
    await chooseUnit(root, "ha noi", "HA-NOI");
    expect(root.querySelector<HTMLInputElement>("#preparer")!.value).toBe("Lê Văn Nam");
    expect(root.querySelector<HTMLInputElement>("#place")!.value).toBe("Hà Nội");
    await submit(root);
    await settle();
    const saved = backend.calls.filter((c) => c.cmd === "saveProfile").at(-1)!.args;
    expect(saved[0]).toBe("HA-NOI");
    expect((saved[1] as { unit: string; preparer: string }).preparer).toBe("Lê Văn Nam");
    expect(backend.profiles.get("THAI-NGUYEN")?.preparer).toBe("Nguyễn Thị Hoa");
  });

  it("a unit with no preparer yet starts empty, its place from its name", async () => {
    const { root } = await mountApp({}, async (b) => {
      await b.saveProfile("THAI-NGUYEN", { unit: "THAI-NGUYEN", preparer: "Nguyễn Thị Hoa", phone: "", email: "", head: "", place: "Thái Nguyên" });
    });
    await act(() => root.querySelector<HTMLElement>("#open-setup")!.click());
    await settle();
    await act(() => root.querySelector<HTMLElement>('[data-test="chosen-unit"] button')!.click());
    await settle();
    await chooseUnit(root, "bo y te", "BYT");
    expect(root.querySelector<HTMLInputElement>("#preparer")!.value).toBe("");
    expect(root.querySelector<HTMLInputElement>("#place")!.value).toBe("Hà Nội");
    expect(root.querySelector<HTMLButtonElement>("#setup-save")!.disabled).toBe(true);
  });
});

describe("backup, restore and the guide", () => {
  it("backs up to a chosen file and says where", async () => {
    const { root, backend } = await mountApp();
    await act(() => root.querySelector<HTMLElement>("#app-menu")!.click());
    await act(() => root.querySelector<HTMLElement>("#menu-backup")!.click());
    await settle();
    expect(backend.calls.some((c) => c.cmd === "backupToFile")).toBe(true);
    const note = root.querySelector('[data-test="menu-result"]')!.textContent!;
    expect(note).toContain("chitieu-sao-luu-2024-07-01.db");
    expect(note).toContain("/media/usb");
  });

  it("restores only after a confirmation, says what was kept aside, and reloads", async () => {
    const { root, backend } = await mountApp();
    await act(() => root.querySelector<HTMLElement>("#app-menu")!.click());
    await act(() => root.querySelector<HTMLElement>("#menu-restore")!.click());
    expect(backend.calls.some((c) => c.cmd === "restoreFromFile")).toBe(false);
    expect(root.querySelector('[data-test="restore-confirm"]')!.textContent).toContain("giữ lại");
    const before = backend.calls.filter((c) => c.cmd === "appInfo").length;
    await act(() => root.querySelector<HTMLElement>("#restore-pick")!.click());
    await settle();
    expect(backend.calls.some((c) => c.cmd === "restoreFromFile")).toBe(true);
    expect(root.querySelector('[data-test="menu-result"]')!.textContent).toContain("chitieu-truoc-khoi-phuc-20240701T030000Z.db");
    expect(backend.calls.filter((c) => c.cmd === "appInfo").length).toBe(before + 1);
  });

  it("F1 opens the Vietnamese guide anywhere, Esc closes it", async () => {
    const { root } = await mountApp();
    await key(document.body, "F1");
    const help = root.querySelector('[data-test="help"]')!;
    expect(help.textContent).toContain("Hướng dẫn sử dụng");
    expect(help.textContent).toContain("Sao lưu");
    await key(help, "Escape");
    expect(root.querySelector('[data-test="help"]')).toBeNull();
  });
});

describe("rough edges", () => {
  it("the year buttons stay where they are after a click", async () => {
    const { root } = await mountApp();
    const nav = () => [...root.querySelectorAll(".year-nav > *")].map((e) => e.className);
    const first = nav();
    await click(root.querySelector('[aria-label="Năm trước"]')!);
    await settle();
    expect(nav()).toEqual(first);
  });

  it("a past period marked as sent another way is not shown overdue", async () => {
    const { root, backend } = await mountApp();
    const q1 = () => root.querySelector('.period-card[data-period="2024-Q1"] [data-test="deadline-state"]')!;
    expect(q1().classList.contains("overdue")).toBe(true);
    await click(root.querySelector('.period-card[data-period="2024-Q2"]')!);
    await settle();
    await act(() => root.querySelector<HTMLElement>('[data-tab="export"]')!.click());
    await settle();
    await typeInto(root.querySelector<HTMLInputElement>("#sent-note")!, "công văn 12/STTTT");
    await act(() => root.querySelector<HTMLElement>("#sent-mark")!.click());
    await settle();
    expect(backend.calls.find((c) => c.cmd === "markSent")?.args).toEqual(["THAI-NGUYEN", "2024-Q2", true, "công văn 12/STTTT"]);
    expect(root.querySelector('[data-test="sent-otherwise"]')).not.toBeNull();
    expect(root.querySelector('[data-test="report-deadline"]')!.textContent).toContain("đã gửi bằng cách khác");
    // On the periods screen, for a past period.
    await backend.markSent("THAI-NGUYEN", "2024-Q1", true, "");
    await act(() => root.querySelector<HTMLElement>('[data-test="nav-periods"]')!.click());
    await settle();
    expect(q1().classList.contains("overdue")).toBe(false);
    expect(q1().textContent).toBe("Đã gửi bằng cách khác");
  });

  it("the import notice stays on the figures tab, not on every tab", async () => {
    const { root } = await mountApp();
    await click(root.querySelector('.period-card[data-period="2024-Q2"]')!);
    await settle();
    await act(() => root.querySelector<HTMLElement>('[data-tab="import"]')!.click());
    await act(() => root.querySelector<HTMLElement>("#import-pick")!.click());
    await settle();
    await act(() => root.querySelector<HTMLElement>("#import-confirm")!.click());
    await settle();
    expect(root.querySelector('[data-test="report-notice"]')!.textContent).toContain("Đã nhập 1 số liệu");
    await act(() => root.querySelector<HTMLElement>('[data-tab="history"]')!.click());
    await settle();
    expect(root.querySelector('[data-test="report-notice"]')).toBeNull();
  });

  it("a file of another period names it as people do and offers to open it", async () => {
    const { root, backend } = await mountApp();
    const preview = backend.previewImport.bind(backend);
    backend.previewImport = async (token, unit, period) => {
      if (period && period !== "2025-Q3") {
        backend.calls.push({ cmd: "previewImport", args: [token, unit, period] });
        throw { code: "period_conflict", message: `Tệp «base.xlsx» là báo cáo kỳ Quý III năm 2025 (ô A3), nhưng kỳ được chọn là Quý II năm 2024.` };
      }
      return { ...(await preview(token, unit, period)), period: "2025-Q3" };
    };
    await click(root.querySelector('.period-card[data-period="2024-Q2"]')!);
    await settle();
    await act(() => root.querySelector<HTMLElement>('[data-tab="import"]')!.click());
    await act(() => root.querySelector<HTMLElement>("#import-pick")!.click());
    await settle();
    const open = root.querySelector<HTMLElement>("#import-open-period")!;
    expect(open.textContent).toBe("Mở Quý III năm 2025 và nhập tệp này vào đó");
    await act(() => open.click());
    await settle();
    expect(root.querySelector("h1")?.textContent).toBe("Quý II năm 2024"); // the mock's label; the route is what matters
    expect(backend.calls.filter((c) => c.cmd === "report").at(-1)?.args).toEqual(["THAI-NGUYEN", "2025-Q3"]);
    expect(backend.calls.filter((c) => c.cmd === "previewImport").at(-1)?.args).toEqual(["tok-1", "THAI-NGUYEN", "2025-Q3"]);
    expect(root.querySelector('[data-test="import-preview"]')).not.toBeNull();
  });
});

void SAMPLE_UNITS;
