// First run, periods, import, export and the database failure screen, with the mock backend.

import { act } from "preact/test-utils";
import { describe, expect, it } from "vitest";

import { click, mountApp, settle, typeInto } from "./helpers";

describe("first run", () => {
  it("finds the unit without diacritics, saves it with the preparer", async () => {
    const { root, backend } = await mountApp({ unit: null });
    expect(root.querySelector("h1")?.textContent).toContain("Chào mừng");
    await typeInto(root.querySelector<HTMLInputElement>("#unit-search")!, "thai nguyen");
    await settle(10);
    await new Promise((r) => setTimeout(r, 120));
    await settle();
    const options = [...root.querySelectorAll<HTMLElement>(".unit-results li[data-code]")];
    expect(options.map((o) => o.dataset.code)).toEqual(["THAI-NGUYEN"]);
    await act(() => options[0].click());
    await settle(); // the unit's own preparer loads with it
    expect(root.querySelector('[data-test="chosen-unit"]')?.textContent).toContain("Tỉnh Thái Nguyên");
    expect(root.querySelector<HTMLInputElement>("#place")!.value).toBe("Thái Nguyên");
    const save = root.querySelector<HTMLButtonElement>("#setup-save")!;
    expect(save.disabled).toBe(true); // the preparer's name is needed
    await typeInto(root.querySelector<HTMLInputElement>("#preparer")!, "Nguyễn Thị Hoa");
    await typeInto(root.querySelector<HTMLInputElement>("#email")!, "hoa@thainguyen.gov.vn");
    await act(() => {
      root.querySelector("form")!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    });
    await settle();
    expect(backend.calls.find((c) => c.cmd === "chooseUnit")?.args).toEqual(["THAI-NGUYEN"]);
    expect(backend.lastProfile?.preparer).toBe("Nguyễn Thị Hoa");
    expect(root.querySelector("h1")?.textContent).toBe("Kỳ báo cáo năm 2024");
    expect(backend.windowShown).toBe(true);
  });
});

describe("unit search", () => {
  // Issue 11, point 6: a former province leads to the one that took it over.
  it("a former name leads to its successor, with the date and the act", async () => {
    const { root } = await mountApp({ unit: null });
    await typeInto(root.querySelector<HTMLInputElement>("#unit-search")!, "ha giang");
    await new Promise((r) => setTimeout(r, 120));
    await settle();
    const options = [...root.querySelectorAll<HTMLElement>(".unit-results li[data-code]")];
    // Issue 17, point 8: the former unit itself follows, for the periods it existed in.
    expect(options.map((o) => o.dataset.code)).toEqual(["TUYEN-QUANG", "HA-GIANG"]);
    expect(options[1].querySelector('[data-test="unit-ended"]')?.textContent).toContain("đến hết ngày 30/06/2025");
    const former = options[0].querySelector('[data-test="unit-former"]')!;
    expect(former.textContent).toContain("Tỉnh Hà Giang → Tỉnh Tuyên Quang từ 01/7/2025");
    expect(former.textContent).toContain("Nghị quyết số 202/2025/QH15");
    await act(() => options[0].click());
    expect(root.querySelector('[data-test="chosen-unit"]')?.textContent).toContain("Tỉnh Tuyên Quang");
  });
});

describe("periods", () => {
  it("lists the periods with deadlines, days left and state; other years on request", async () => {
    const { root, backend } = await mountApp();
    const q2 = root.querySelector('.period-card[data-period="2024-Q2"]')!;
    expect(q2.textContent).toContain("Quý II năm 2024");
    expect(q2.textContent).toContain("trước ngày 05/07/2024");
    expect(q2.textContent).toContain("còn 4 ngày");
    expect(q2.textContent).toContain("Kỳ sắp đến hạn");
    expect(root.querySelector('.period-card[data-period="2024-Q1"]')!.textContent).toContain("quá hạn 90 ngày");
    await click(root.querySelector('[aria-label="Năm trước"]')!);
    await settle();
    expect(backend.calls.filter((c) => c.cmd === "periods").map((c) => c.args[1])).toEqual([2024, 2023]);
    expect(root.querySelector("h1")?.textContent).toBe("Kỳ báo cáo năm 2023");
  });
});

async function openTab(tab: string, prepare?: Parameters<typeof mountApp>[1]) {
  const app = await mountApp({}, prepare);
  await click(app.root.querySelector('.period-card[data-period="2024-Q2"]')!);
  await settle();
  await act(() => app.root.querySelector<HTMLElement>(`[data-tab="${tab}"]`)!.click());
  await settle();
  return app;
}

describe("import", () => {
  it("previews, writes nothing, then confirms", async () => {
    const { root, backend } = await openTab("import");
    await act(() => root.querySelector<HTMLElement>("#import-pick")!.click());
    await settle();
    const preview = root.querySelector('[data-test="import-preview"]')!;
    expect(preview.textContent).toContain("base.xlsx");
    expect(preview.querySelector('.count[data-change="new"] strong')?.textContent).toBe("1");
    expect(backend.figures.size).toBe(0);
    await act(() => root.querySelector<HTMLElement>("#import-confirm")!.click());
    await settle();
    expect(backend.calls.find((c) => c.cmd === "confirmImport")?.args).toEqual(["tok-1", "THAI-NGUYEN", "2024-Q2", "abc"]);
    expect(root.textContent).toContain("Đã nhập 1 số liệu từ tệp base.xlsx");
    expect(root.querySelector('td[data-code="1.1"][data-field="value"]')?.textContent).toBe("92,5");
  });

  it("a cancelled dialog changes nothing; cancel forgets the file", async () => {
    const { root, backend } = await openTab("import");
    backend.nextPick = null;
    await act(() => root.querySelector<HTMLElement>("#import-pick")!.click());
    await settle();
    expect(root.querySelector('[data-test="import-preview"]')).toBeNull();
    backend.nextPick = "base.xlsx";
    await act(() => root.querySelector<HTMLElement>("#import-pick")!.click());
    await settle();
    await act(() => root.querySelector<HTMLElement>("#import-cancel")!.click());
    await settle();
    expect(backend.calls.some((c) => c.cmd === "cancelImport")).toBe(true);
    expect(backend.calls.some((c) => c.cmd === "confirmImport")).toBe(false);
  });
});

describe("export", () => {
  it("lists what blocks it, then says where the file went", async () => {
    const { root, backend } = await openTab("export", (b) => b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "135" }]));
    await act(() => root.querySelector<HTMLElement>("#export-submission")!.click());
    await settle();
    const err = root.querySelector('[data-test="export-error"]')!;
    expect(err.querySelector("[data-code]")?.getAttribute("data-code")).toBe("export_blocked");
    expect(err.textContent).toContain("phải từ 0 đến 100");
    await backend.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "86,97" }]);
    await act(() => root.querySelector<HTMLElement>("#export-submission")!.click());
    await settle();
    const result = root.querySelector('[data-test="export-result"]')!;
    expect(result.textContent).toContain("PL01_THAI-NGUYEN_2024-Q2.xlsx");
    expect(result.textContent).toContain("/tmp/out");
    await act(() => root.querySelector<HTMLElement>("#export-reveal")!.click());
    await settle();
    expect(backend.calls.find((c) => c.cmd === "revealExport")?.args).toEqual(["w-1"]);
  });
});

describe("a database that cannot be opened", () => {
  it("is explained in the window, with the code for support", async () => {
    const { root } = await mountApp({ failure: { code: "corrupt_database", message: "Cơ sở dữ liệu «/tmp/x.db» bị hỏng (lỗi); hãy khôi phục từ bản sao lưu gần nhất." } });
    const box = root.querySelector('.failure[data-code="corrupt_database"]')!;
    expect(box.textContent).toContain("Không mở được cơ sở dữ liệu");
    expect(box.textContent).toContain("bản sao lưu");
    expect(box.textContent).toContain("/tmp/backups");
  });

  it("offers the latest good backup when the database is corrupt, and restores it", async () => {
    const { root, backend } = await mountApp({ failure: { code: "corrupt_database", message: "Cơ sở dữ liệu «/tmp/x.db» bị hỏng (lỗi)." } });
    expect(root.querySelector("#failure-restore")!.textContent).toContain("chitieu-hang-ngay-20240701.db");
    await act(() => root.querySelector<HTMLButtonElement>("#failure-restore-button")!.click());
    await settle();
    expect(backend.calls.some((c) => c.cmd === "restoreBackup")).toBe(true);
    expect(root.querySelector(".failure")).toBeNull();
  });

  it("does not offer a restore for a foreign database", async () => {
    const { root } = await mountApp({ failure: { code: "not_our_database", message: "Tệp không phải là cơ sở dữ liệu của chitieu." } });
    expect(root.querySelector("#failure-restore-button")).toBeNull();
  });
});
