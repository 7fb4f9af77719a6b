// The grid keeps its room and its focus (issue 17, point 6): one status
// strip above the grid, a notice that goes with the next edit, the findings
// panel folded on a narrow screen (and remembered), the keyboard back on the
// grid after a panel button; drafts only where there is something to say
// (point 7).

import { beforeEach, describe, expect, it } from "vitest";

import { FIXTURES } from "./backend/mock-backend";
import { click, key, mountApp, settle } from "./helpers";

function width(px: number) {
  Object.defineProperty(window, "innerWidth", { value: px, configurable: true, writable: true });
}

async function openReport(prepare?: Parameters<typeof mountApp>[1]) {
  const app = await mountApp({}, prepare);
  await click(app.root.querySelector<HTMLButtonElement>('.period-card[data-period="2024-Q2"]')!);
  await settle();
  return app;
}

const cell = (root: Element, code: string, field: string) => root.querySelector<HTMLElement>(`td[data-code="${code}"][data-field="${field}"]`)!;
const grid = (root: Element) => root.querySelector<HTMLElement>('[data-test="grid"]')!;
const panel = (root: Element) => root.querySelector<HTMLElement>('[data-test="diagnostics"]')!;

describe("the grid keeps its room", () => {
  beforeEach(() => {
    localStorage.clear();
    width(1366);
  });

  it("folds the findings panel by default below 1440 px and remembers it opened", async () => {
    const first = await openReport();
    expect(panel(first.root).classList.contains("diag-collapsed")).toBe(true);
    await click(panel(first.root).querySelector('[data-test="diag-expand"]')!);
    expect(panel(first.root).classList.contains("diag-collapsed")).toBe(false);
    const again = await openReport();
    expect(panel(again.root).classList.contains("diag-collapsed")).toBe(false);
  });

  it("opens the panel by default on a wide screen", async () => {
    width(1600);
    const { root } = await openReport();
    expect(panel(root).classList.contains("diag-collapsed")).toBe(false);
  });

  it("shows one line of messages with a count for the others", async () => {
    const { root } = await openReport(async (b) => {
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "86,97" }]);
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.2", field: "value", text: "50" }]);
    });
    await settle();
    // The drafts hint alone: one line, no count.
    expect(root.querySelectorAll(".strip-line")).toHaveLength(1);
    expect(root.querySelector('[data-test="drafts-hint"]')).not.toBeNull();
    // Ctrl+Z gives a notice: it comes first, the hint behind «+1».
    await key(grid(root), "z", { ctrlKey: true });
    await settle();
    expect(root.querySelectorAll(".strip-line")).toHaveLength(1);
    expect(root.querySelector('[data-test="report-notice"]')?.textContent).toContain("Đã hoàn tác");
    const more = root.querySelector<HTMLButtonElement>('[data-test="strip-more"]')!;
    expect(more.textContent).toContain("+1");
    await click(more);
    expect(root.querySelectorAll(".strip-line")).toHaveLength(2);
  });

  it("a notice goes away with the next edit", async () => {
    const { root } = await openReport(async (b) => {
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "80" }]);
    });
    await key(grid(root), "z", { ctrlKey: true });
    await settle();
    expect(root.querySelector('[data-test="report-notice"]')?.textContent).toContain("Đã hoàn tác");
    await key(grid(root), "ArrowDown");
    await key(grid(root), "5");
    await settle();
    const input = cell(root, "1.2", "value").querySelector("input")!;
    await key(input, "Enter");
    await settle();
    expect(root.querySelector('[data-test="report-notice"]')).toBeNull();
  });

  it("gives the keyboard back to the grid after «Thu gọn»: arrows move the cell", async () => {
    width(1600);
    const { root } = await openReport();
    const collapse = panel(root).querySelector<HTMLButtonElement>('[data-test="diag-collapse"]')!;
    collapse.focus();
    await click(collapse);
    await settle();
    expect(document.activeElement).toBe(grid(root));
    await key(document.activeElement!, "ArrowDown");
    expect(cell(root, "1.2", "value").classList.contains("sel")).toBe(true);
  });
});

describe("drafts worth accepting", () => {
  beforeEach(() => localStorage.clear());

  it("no draft in the cell of a figure with an error; the drafts tab says why", async () => {
    const { root } = await openReport(async (b) => {
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "150" }]);
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.2", field: "value", text: "50" }]);
    });
    await settle();
    expect(cell(root, "1.1", "trend").querySelector(".cell-draft")).toBeNull();
    expect(cell(root, "1.2", "trend").querySelector(".cell-draft")).not.toBeNull();
    await click(root.querySelector<HTMLElement>('[data-tab="drafts"]')!);
    await settle();
    expect(root.querySelector('[data-test="draft-1.1-trend"]')).toBeNull();
    expect(root.querySelector('[data-test="no-draft-1.1"]')?.textContent).toContain("có lỗi");
    expect(root.querySelector('[data-test="draft-1.2-trend"]')).not.toBeNull();
  });

  it("a cut draft opens in full over its selected cell", async () => {
    const { root } = await openReport(async (b) => {
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "80" }]);
    });
    await settle();
    // jsdom lays nothing out: a text taller than its box is faked.
    const text = cell(root, "1.1", "trend").querySelector<HTMLElement>(".cell-draft-text")!;
    Object.defineProperty(text, "scrollHeight", { value: 120, configurable: true });
    Object.defineProperty(text, "clientHeight", { value: 36, configurable: true });
    await click(cell(root, "1.1", "trend"));
    await settle();
    expect(cell(root, "1.1", "trend").querySelector('[data-test="cell-full"]')?.textContent).toContain(FIXTURES.drafts["1.1=80"].drafts[0].trend); // the core's draft
    await key(grid(root), "ArrowLeft");
    await settle();
    expect(root.querySelector('[data-test="cell-full"]')).toBeNull();
  });
});
