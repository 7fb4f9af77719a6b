// The receiving agency's screen with the mock backend: chosen at first run
// and switchable, a folder read with a progress bar that can be stopped,
// the completeness table and its filters, a unit's file and diagnostics,
// the statistics with their distribution charts, the workbook.

import { act } from "preact/test-utils";
import { describe, expect, it } from "vitest";

import type { PeriodSummary } from "../src/api";
import { lastEndedPeriod, mostRecentlyDue } from "../src/screens/Agency";
import { mountApp, settle, typeInto } from "./helpers";

/** Runs `f` with the process in time zone `tz` (Node reads TZ again whenever it is set). */
async function inZone<T>(tz: string, f: () => Promise<T>): Promise<T> {
  const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
  const zone = env.TZ;
  env.TZ = tz;
  try {
    return await f();
  } finally {
    if (zone === undefined) delete env.TZ;
    else env.TZ = zone;
  }
}

const rows = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>("tr.agency-row")];

async function select(el: HTMLSelectElement, value: string) {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await settle();
}

describe("receiving agency", () => {
  it("is chosen at first run instead of a unit, and kept", async () => {
    const { root, backend } = await mountApp({ unit: null });
    await act(() => root.querySelector<HTMLButtonElement>("#setup-agency")!.click());
    await settle();
    expect(backend.agency).toBe(true);
    expect(root.querySelector("h1")?.textContent).toBe("Tổng hợp báo cáo của các đơn vị");
    // The next start opens on it.
    const again = await mountApp({ unit: null }, async (b) => b.setAgencyMode(true));
    expect(again.root.querySelector("h1")?.textContent).toBe("Tổng hợp báo cáo của các đơn vị");
  });

  it("is switchable from a unit's screens and back", async () => {
    const { root, backend } = await mountApp();
    await act(() => root.querySelector<HTMLButtonElement>("#open-agency")!.click());
    await settle();
    expect(backend.agency).toBe(true);
    expect(root.querySelector(".agency")).not.toBeNull();
    await act(() => root.querySelector<HTMLButtonElement>("#agency-to-unit")!.click());
    await settle();
    expect(backend.agency).toBe(false);
    expect(root.querySelector("h1")?.textContent).toBe("Kỳ báo cáo năm 2024");
  });

  it("reads a folder, shows statuses as words, filters, opens a unit, exports", () => inZone("Asia/Ho_Chi_Minh", async () => {
    const { root, backend } = await mountApp({}, async (b) => b.setAgencyMode(true));
    await select(root.querySelector<HTMLSelectElement>("#agency-period")!, "2024-Q2");
    await act(() => root.querySelector<HTMLButtonElement>("#agency-pick")!.click());
    await settle(10);
    expect(backend.calls.find((c) => c.cmd === "consolidateFolder")?.args).toEqual(["folder-1", "2024-Q2"]);
    expect(root.querySelector('[data-test="agency-folder"]')?.textContent).toBe("/home/van-thu/Bao-cao-Q3");
    const counts = root.querySelector('[data-test="agency-counts"]')!.textContent!;
    expect(counts).toContain("5Phải nộp");
    expect(counts).toContain("1Nộp muộn");
    expect(rows(root).map((r) => r.querySelector(".badge")!.textContent)).toEqual([
      "Đúng hạn",
      "Đúng hạn",
      "Nộp muộn",
      "Đúng hạn",
      "Chưa nộp",
      "Không thuộc danh sách",
    ]);
    // Received times in local time: on a machine in Vietnam, as the deadline reads.
    expect(rows(root)[2].querySelector("td:nth-child(4)")!.textContent).toBe("05/10/2025 00:15");

    await select(root.querySelector<HTMLSelectElement>("#agency-filter-status")!, "missing");
    expect(rows(root).map((r) => r.dataset.code)).toEqual(["BYT"]);
    await select(root.querySelector<HTMLSelectElement>("#agency-filter-status")!, "all");
    await typeInto(root.querySelector<HTMLInputElement>("#agency-filter-text")!, "ha tinh");
    await settle();
    expect(rows(root).map((r) => r.dataset.code)).toEqual(["HA-TINH"]);

    await act(() => rows(root)[0].click());
    await settle();
    const detail = root.querySelector<HTMLElement>('[data-test="agency-unit"]')!;
    expect(detail.dataset.code).toBe("HA-TINH");
    expect(detail.querySelector('[data-test="agency-unit-file"]')?.textContent).toBe("ha-tinh.xlsx");
    expect(detail.querySelector('[data-test="agency-unit-diags"]')?.textContent).toContain("Tỷ lệ phải từ 0 đến 100%");
    await act(() => root.querySelector<HTMLButtonElement>("#agency-reveal")!.click());
    expect(backend.calls.find((c) => c.cmd === "revealUnitFile")?.args).toEqual(["HA-TINH"]);

    await act(() => root.querySelector<HTMLButtonElement>('[data-tab="stats"]')!.click());
    await settle();
    const stats = root.querySelector('[data-test="agency-stats"]')!;
    expect(stats.querySelectorAll("tbody tr").length).toBe(2);
    const chart = stats.querySelector('tr[data-indicator="1.1"] [data-test="distribution"]')!;
    expect(chart.querySelectorAll("circle").length).toBe(4);
    expect(chart.getAttribute("aria-label")).toContain("trung vị 61,75");
    expect(root.textContent).toContain("trung bình cộng không trọng số");

    await act(() => root.querySelector<HTMLButtonElement>('[data-tab="files"]')!.click());
    await settle();
    expect(root.querySelector('[data-test="agency-unusable"]')?.textContent).toContain("hong.xlsx");
    expect(root.querySelector('[data-test="agency-unusable"]')?.textContent).toContain("Quý II năm 2025");

    await act(() => root.querySelector<HTMLButtonElement>("#agency-export")!.click());
    await settle();
    expect(root.querySelector('[data-test="agency-saved"]')?.textContent).toContain("Tong-hop-PL01-2025-Q3.xlsx");
  }));

  it("shows the «Ký số» column: the signed PDF against the Excel file, who signed on hover", async () => {
    const { root } = await mountApp({}, async (b) => b.setAgencyMode(true));
    await act(() => root.querySelector<HTMLButtonElement>("#agency-pick")!.click());
    await settle(10);
    const headers = [...root.querySelectorAll('[data-test="agency-units"] th')].map((h) => h.textContent);
    expect(headers).toEqual(["Đơn vị", "Tình trạng", "Tệp", "Nhận lúc", "Ký số", "Số liệu", "Lỗi"]);
    const cells = rows(root).map((r) => r.querySelector<HTMLElement>("td.signing")!);
    expect(cells.map((c) => c.textContent)).toEqual([
      "Đã ký — KHÔNG khớp tệp Excel",
      "Đã ký — khớp số liệu",
      "Chữ ký không còn nguyên vẹn",
      "Chưa có bản ký",
      // A unit that sent nothing: its status says so, the column stays empty.
      "",
      "Chưa có bản ký",
    ]);
    expect(cells.map((c) => c.dataset.signing)).toEqual(["differs", "matches", "not_intact", "unsigned", "none", "unsigned"]);
    // A mismatch or a broken signature stands out; a match reads as fine.
    expect(cells[0].classList.contains("has-errors")).toBe(true);
    expect(cells[2].classList.contains("has-errors")).toBe(true);
    expect(cells[1].classList.contains("signing-ok")).toBe(true);
    expect(cells[1].title).toBe("PL01_THAI-NGUYEN_2025-Q3.pdf — người ký: Nguyễn Thị Hồng Hạnh (Sở Thông tin và Truyền thông tỉnh Thái Nguyên)");
    expect(cells[3].title).toBe("");
    // The unit's detail says the same, with the PDF and its signer.
    await act(() => rows(root)[0].click());
    await settle();
    expect(root.querySelector('[data-test="agency-unit-signing"]')?.textContent).toBe(
      "Đã ký — KHÔNG khớp tệp Excelhanoi-lan1-da-ky.pdf, người ký: Nguyễn Thị Hồng Hạnh (Sở Thông tin và Truyền thông tỉnh Thái Nguyên)",
    );
  });

  it("shows progress while reading, and stops on request with nothing written", async () => {
    const { root, backend } = await mountApp({}, async (b) => {
      await b.setAgencyMode(true);
      b.holdConsolidation = true;
    });
    await act(() => root.querySelector<HTMLButtonElement>("#agency-pick")!.click());
    await settle();
    const bar = root.querySelector<HTMLElement>('[data-test="agency-progress"]')!;
    expect(bar.textContent).toContain("Đang đọc tệp 4/8…");
    expect(bar.querySelector("progress")!.value).toBe(4);
    // The screen stays usable: the period select is only locked while reading.
    expect(root.querySelector<HTMLSelectElement>("#agency-period")!.disabled).toBe(true);
    await act(() => root.querySelector<HTMLButtonElement>("#agency-cancel")!.click());
    await settle();
    expect(backend.calls.some((c) => c.cmd === "cancelConsolidation")).toBe(true);
    expect(root.querySelector('[data-test="agency-progress"]')).toBeNull();
    expect(root.textContent).toContain("Đã dừng đọc tệp; chưa ghi gì.");
    expect(rows(root).length).toBe(0);
  });

  it("proposes the last quarter that has ended", () => {
    expect(lastEndedPeriod("2025-10-20")).toBe("2025-Q3");
    expect(lastEndedPeriod("2025-02-01")).toBe("2024-Q4");
    expect(lastEndedPeriod("2024-07-01")).toBe("2024-Q2");
  });

  it("offers first the period most recently due", () => {
    // 07/12/2026: Quý IV/2026 was due before 05/12, the year report is due before 15/12.
    const p = (period: string, days_left: number) => ({ period, days_left }) as PeriodSummary;
    const y2026 = [p("2026-Q1", -248), p("2026-Q2", -155), p("2026-Q3", -63), p("2026-Q4", -2), p("2026", 8)];
    expect(mostRecentlyDue(y2026)).toBe("2026-Q4");
    expect(mostRecentlyDue([p("2026-Q1", 10)])).toBeNull();
  });

  it("shows a unit's revisions as a table and corrects «Nhận lúc» with a reason", () => inZone("Asia/Ho_Chi_Minh", async () => {
    const { root, backend } = await mountApp({}, async (b) => b.setAgencyMode(true));
    await act(() => root.querySelector<HTMLButtonElement>("#agency-pick")!.click());
    await settle(10);
    await act(() => rows(root)[0].click());
    await settle();
    const detail = root.querySelector<HTMLElement>('[data-test="agency-unit"]')!;
    expect(detail.dataset.code).toBe("HA-NOI");
    const table = detail.querySelector<HTMLTableElement>('[data-test="agency-revisions"]')!;
    const cells = [...table.querySelectorAll("tbody tr")].map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent));
    expect(cells[0][0]).toBe("hanoi-lan1.xlsxlần đầu");
    expect(cells[0][1]).toContain("01/10/2025 09:00");
    expect(cells[1][1]).toContain("10/10/2025 09:00sau hạn");
    expect(cells[1][3]).toContain("1.1: 58 → 59,5");
    expect(cells[1][3]).toContain("1.1: Ước tính → Chính thức (trạng thái)");
    expect(cells[1][3]).toContain("1.2: thêm 48");
    expect(detail.querySelector('[data-test="agency-latest-at"]')?.textContent).toBe("10/10/2025 09:00");

    await act(() => detail.querySelector<HTMLButtonElement>("#agency-correct-open")!.click());
    await settle();
    const at = detail.querySelector<HTMLInputElement>("#agency-correct-at")!;
    expect(at.value).toBe("2025-10-01T09:00");
    await typeInto(at, "2025-09-30T16:45");
    await typeInto(detail.querySelector<HTMLInputElement>("#agency-correct-reason")!, "Theo thư điện tử");
    await act(() => detail.querySelector<HTMLButtonElement>("#agency-correct-save")!.click());
    await settle();
    expect(backend.calls.find((c) => c.cmd === "correctReceived")?.args).toEqual(["HA-NOI", "2025-09-30T16:45", "Theo thư điện tử"]);
    const now = root.querySelector<HTMLElement>('[data-test="agency-unit"]')!;
    expect(now.querySelector('[data-test="agency-received-at"]')?.textContent).toBe("30/09/2025 16:45");
    expect(now.querySelector('[data-test="agency-received-from"]')?.textContent).toBe("sửa tay");
    expect(now.textContent).toContain("Lý do: Theo thư điện tử");
  }));

  it("says when most files of the folder share one modification date", async () => {
    const warning = "38/38 tệp trong thư mục «Bao-cao-Q4» có cùng ngày sửa đổi 07/12/2026: có thể là ngày lưu từ thư điện tử, không phải ngày nhận.";
    const { root } = await mountApp({}, async (b) => {
      await b.setAgencyMode(true);
      b.agencyWarnings = [warning];
    });
    await act(() => root.querySelector<HTMLButtonElement>("#agency-pick")!.click());
    await settle(10);
    expect(root.querySelector('[data-test="agency-warnings"]')?.textContent).toBe(warning);
  });

  it("keeps a library's English out of the unusable files, in a collapsed detail", async () => {
    const { root } = await mountApp({}, async (b) => b.setAgencyMode(true));
    await act(() => root.querySelector<HTMLButtonElement>("#agency-pick")!.click());
    await settle(10);
    await act(() => root.querySelector<HTMLButtonElement>('[data-tab="files"]')!.click());
    await settle();
    const files = root.querySelector<HTMLElement>('[data-test="agency-unusable"]')!;
    const details = files.querySelector("details")!;
    expect(details.open).toBe(false);
    expect(details.textContent).toContain("EOCD");
    expect(files.querySelector("li")!.firstChild!.textContent).toBe("hong.xlsx");
  });
});
