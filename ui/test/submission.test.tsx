// Issue 17 points 2 and 8, issue 21 point 3 (a piece), with the mock
// backend: no empty submission, an incomplete one confirmed, a calm past
// period, "sent another way" from the period card.

import { act } from "preact/test-utils";
import { describe, expect, it } from "vitest";

import { click, mountApp, settle, typeInto } from "./helpers";

async function exportTab(prepare?: Parameters<typeof mountApp>[1]) {
  const app = await mountApp({}, prepare);
  await click(app.root.querySelector('.period-card[data-period="2024-Q2"]')!);
  await settle();
  await act(() => app.root.querySelector<HTMLElement>('[data-tab="export"]')!.click());
  await settle();
  return app;
}

describe("export of a submission", () => {
  it("is not offered for a report without any figure, and says why", async () => {
    const { root, backend } = await exportTab();
    const button = root.querySelector<HTMLButtonElement>("#export-submission")!;
    expect(button.disabled).toBe(true);
    expect(root.querySelector('[data-test="export-refusal"]')!.textContent).toContain("chưa có số liệu nào");
    await click(button);
    await settle();
    expect(backend.calls.some((c) => c.cmd === "exportSubmission")).toBe(false);
  });

  it("asks first when figures are missing, and can be called off", async () => {
    const { root, backend } = await exportTab((b) => b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "86,97" }]));
    await act(() => root.querySelector<HTMLElement>("#export-submission")!.click());
    await settle();
    const ask = root.querySelector('[data-test="export-confirm"]')!;
    expect(ask.textContent).toContain("Còn 2/3 chỉ tiêu chưa có số liệu. Vẫn xuất?");
    expect(backend.calls.some((c) => c.cmd === "exportSubmission")).toBe(false);
    await act(() => root.querySelector<HTMLElement>("#export-confirm-no")!.click());
    await settle();
    expect(root.querySelector('[data-test="export-confirm"]')).toBeNull();
    expect(backend.calls.some((c) => c.cmd === "exportSubmission")).toBe(false);
    await act(() => root.querySelector<HTMLElement>("#export-submission")!.click());
    await settle();
    await act(() => root.querySelector<HTMLElement>("#export-confirm-yes")!.click());
    await settle();
    expect(backend.calls.filter((c) => c.cmd === "exportSubmission")).toHaveLength(1);
    expect(root.querySelector('[data-test="export-result"]')!.textContent).toContain("1/3 chỉ tiêu có số liệu");
  });
});

describe("the periods screen", () => {
  it("shows a period long past and never sent calmly, a recent one as overdue", async () => {
    const { root } = await mountApp();
    const state = (p: string) => root.querySelector(`.period-card[data-period="${p}"] [data-test="deadline-state"]`)!;
    expect(state("2024-Q1").textContent).toBe("quá hạn 90 ngày");
    expect(state("2024-Q1").classList.contains("overdue")).toBe(true);
    await click(root.querySelector('[aria-label="Năm trước"]')!);
    await settle();
    await click(root.querySelector('[aria-label="Năm trước"]')!);
    await settle();
    expect(state("2022-Q3").textContent).toBe("Kỳ đã qua, chưa gửi");
    expect(state("2022-Q3").classList.contains("overdue")).toBe(false);
    expect(root.textContent).not.toMatch(/quá hạn \d{3,} ngày/);
  });

  it("marks a period sent another way from its card, and takes the mark back", async () => {
    const { root, backend } = await mountApp();
    const item = () => root.querySelector('[data-item="2024-Q1"]')!;
    await click(item().querySelector(".card-sent-open")!);
    await typeInto(item().querySelector<HTMLInputElement>(".card-sent-note")!, "công văn 12/STTTT");
    await click(item().querySelector(".card-sent-mark")!);
    await settle();
    expect(backend.calls.find((c) => c.cmd === "markSent")?.args).toEqual(["THAI-NGUYEN", "2024-Q1", true, "công văn 12/STTTT"]);
    expect(item().querySelector('[data-test="deadline-state"]')!.textContent).toBe("Đã gửi bằng cách khác");
    await click(item().querySelector(".card-sent-undo")!);
    await settle();
    expect(backend.calls.filter((c) => c.cmd === "markSent").at(-1)?.args).toEqual(["THAI-NGUYEN", "2024-Q1", false, ""]);
    expect(item().querySelector('[data-test="deadline-state"]')!.textContent).toBe("quá hạn 90 ngày");
  });
});
