import { act } from "preact/test-utils";
import { describe, expect, it } from "vitest";

import { MockBackend } from "./backend/mock-backend";
import { click, mountApp, settle } from "./helpers";

async function openEditions() {
  const app = await mountApp();
  await act(() => app.root.querySelector<HTMLElement>("#open-editions")!.click());
  await settle();
  return app;
}

describe("Bộ chỉ tiêu", () => {
  it("lists the editions with their years and count, and shows one edition's indicators", async () => {
    const { root } = await openEditions();
    const row = root.querySelector('#editions-table tr[data-edition="kh-2023"]')!;
    expect(row.querySelector(".edition-years")?.textContent).toBe("2023–2025");
    expect(row.textContent).toContain("Có sẵn trong chương trình");
    await act(() => root.querySelector<HTMLElement>('[data-show="kh-2023"]')!.click());
    await settle();
    expect(root.querySelector('#edition-rows tr[data-code="5.1"]')?.textContent).toContain("Top 50");
  });

  it("previews a new edition's difference, writes nothing, then loads it on confirm", async () => {
    const { root, backend } = await openEditions();
    backend.nextPick = "kh-2026.xlsx";
    const before = backend.editions_.length;
    await act(() => root.querySelector<HTMLElement>("#edition-pick")!.click());
    await settle();
    expect(root.querySelector("#edition-preview-years")?.textContent).toBe("2026–2030");
    expect(root.querySelector('#diff-added li[data-code="4.23"]')).not.toBeNull();
    expect(root.querySelector('#diff-removed li[data-code="3.5.2"]')).not.toBeNull();
    expect(root.querySelector("#edition-notes")?.textContent).toContain("mọi bộ, ngành và địa phương");
    expect(backend.editions_.length).toBe(before); // nothing loaded yet
    await act(() => root.querySelector<HTMLElement>("#edition-confirm")!.click());
    await settle();
    expect(backend.calls.find((c) => c.cmd === "confirmEdition")?.args[2]).toBe("e26");
    expect(root.querySelector("#edition-done")?.textContent).toContain("Đã nạp bộ chỉ tiêu kh-2026");
    expect(root.querySelector('#editions-table tr[data-edition="kh-2026"]')).not.toBeNull();
  });

  // Issue 17 (point 1 and 8), issue 21 (point 3): the set's own dialog, which takes TOML too; the notes under the table shown.
  it("picks the file in the indicator set's own dialog and shows the notes under its table", async () => {
    const { root, backend } = await openEditions();
    backend.nextPick = "kh-2026.toml";
    await act(() => root.querySelector<HTMLElement>("#edition-pick")!.click());
    await settle();
    expect(backend.calls.some((c) => c.cmd === "pickEditionFile")).toBe(true);
    expect(backend.calls.some((c) => c.cmd === "pickImportFile")).toBe(false);
    expect(root.querySelector("#edition-footnotes")?.textContent).toContain("Ghi chú: chỉ tiêu 3.12 không tiếp tục theo dõi từ năm 2026");
    expect(root.querySelector("#edition-preview-id")?.classList.contains("edition-id")).toBe(true);
    expect(root.querySelector('#editions-table tr[data-edition="kh-2023"] td.edition-id')?.textContent).toBe("kh-2023");
  });

  it("a refused file lists every problem with its cell and stores nothing", async () => {
    const { root, backend } = await openEditions();
    backend.nextPick = "broken.xlsx";
    await act(() => root.querySelector<HTMLElement>("#edition-pick")!.click());
    await settle();
    const failed = root.querySelector("#edition-failed")!;
    expect(failed.querySelector("[data-code]")?.getAttribute("data-code")).toBe("edition_refused");
    expect(failed.textContent).toContain("ô A11");
    expect(backend.calls.some((c) => c.cmd === "confirmEdition")).toBe(false);
  });
});

describe("a report beyond its edition's years", () => {
  it("shows the banner and moves to the newer edition after a preview", async () => {
    let moved = false;
    const { root, backend } = await mountApp({}, async (backend: MockBackend) => {
      const report = backend.report.bind(backend);
      backend.report = async (u, p) => ({
        ...(await report(u, p)),
        ...(moved
          ? { edition_id: "kh-2026", edition_years: "2026–2030" }
          : { edition_notice: "Đang dùng bộ chỉ tiêu 2023–2025; chưa có kế hoạch năm 2026 — nạp bộ chỉ tiêu mới", newer_editions: ["kh-2026"] }),
      });
      const move = backend.moveEdition.bind(backend);
      backend.moveEdition = async (u, p, t) => {
        moved = true;
        return move(u, p, t);
      };
    });
    await click(root.querySelector('.period-card[data-period="2024-Q2"]')!);
    await settle();
    expect(root.querySelector("#edition-notice")?.textContent).toContain("chưa có kế hoạch năm 2026");
    await act(() => root.querySelector<HTMLElement>("#edition-move-preview")!.click());
    await settle();
    expect(root.querySelector("#edition-move")?.textContent).toContain("giữ số liệu của 1 chỉ tiêu cùng mã");
    expect(backend.calls.some((c) => c.cmd === "moveEdition")).toBe(false);
    await act(() => root.querySelector<HTMLElement>("#edition-move-confirm")!.click());
    await settle();
    expect(backend.calls.some((c) => c.cmd === "moveEdition")).toBe(true);
    expect(root.textContent).toContain("Đã chuyển báo cáo sang bộ chỉ tiêu kh-2026");
    expect(root.querySelector('[data-test="edition-banner"]')).toBeNull();
    // The move is in the report's history panel.
    await click(root.querySelector<HTMLElement>('[data-tab="history"]')!);
    await settle();
    const moves = root.querySelector('[data-test="edition-changes"]')!;
    expect(moves.querySelector("li")?.getAttribute("data-to")).toBe("kh-2026");
    expect(moves.textContent).toContain("chuyển từ bộ chỉ tiêu kh-2023 sang kh-2026; giữ số liệu của 1 chỉ tiêu cùng mã");
    expect(moves.textContent).toContain("trên ứng dụng");
  });
});
