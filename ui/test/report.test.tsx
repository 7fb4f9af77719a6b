// The report screen against the mock backend: rendering, keys, typing with
// validation, paste, the diagnostics panel.

import { act } from "preact/test-utils";
import { beforeEach, describe, expect, it } from "vitest";

import { FIXTURES, RANKS_UNIT, UNITS } from "./backend/mock-backend";
import { click, key, mountApp, settle, typeInto } from "./helpers";

/** The core's drafts for the report with these figures (ui/test/fixtures/drafts.json). */
const drafts = (key: string) => FIXTURES.drafts[key];
/** The core's trend draft of 1.1 at 86,97 (what «Bản nháp 1.1» stands for). */
const DRAFT_11 = drafts("1.1=86,97").drafts.find((d) => d.indicator === "1.1")!.trend!;
/** The core's international draft of the rank 5.1 at 71 («Quốc tế 5.1»). */
const INTL_51 = drafts("5.1=71").drafts[0].international!;

async function openReport(prepare?: Parameters<typeof mountApp>[1], opts: Parameters<typeof mountApp>[0] = {}) {
  const app = await mountApp(opts, prepare);
  const q2 = app.root.querySelector<HTMLButtonElement>('.period-card[data-period="2024-Q2"]');
  expect(q2).not.toBeNull();
  await click(q2!);
  await settle();
  return app;
}

const cell = (root: Element, code: string, field: string) => root.querySelector<HTMLElement>(`td[data-code="${code}"][data-field="${field}"]`)!;
const grid = (root: Element) => root.querySelector<HTMLElement>('[data-test="grid"]')!;

/** Pastes `text` into the grid as Excel puts it on the clipboard. */
function paste(root: Element, text: string) {
  // jsdom has no DataTransfer: a stand-in with what the grid reads.
  const data = { getData: (type: string) => (type === "text/plain" ? text : "") };
  return act(() => {
    const e = new Event("paste", { bubbles: true, cancelable: true }) as ClipboardEvent;
    Object.defineProperty(e, "clipboardData", { value: data });
    grid(root).dispatchEvent(e);
  });
}

/** A window wide enough for the findings panel to start open (≥ 1440 px). */
function wide() {
  localStorage.clear();
  Object.defineProperty(window, "innerWidth", { value: 1600, configurable: true, writable: true });
}

describe("the report grid", () => {
  beforeEach(wide);
  it("renders groups as headings, references beside the inputs", async () => {
    const { root } = await openReport();
    expect(root.querySelector("h1")?.textContent).toBe("Quý II năm 2024");
    const group = root.querySelector('tr[data-code="1"]')!;
    expect(group.classList.contains("heading")).toBe(true);
    expect(root.querySelector('tr[data-code="3.5"]')!.classList.contains("heading")).toBe(true);
    const r11 = root.querySelector('tr[data-code="1.1"]')!;
    expect(r11.classList.contains("figure-row")).toBe(true);
    const row11 = FIXTURES.reports["THAI-NGUYEN"].rows.find((r) => r.code === "1.1")!;
    expect(r11.textContent).toContain(row11.target); // the core's target of 1.1 (100%)
    expect(r11.textContent).toContain("75,5"); // previous period
    const heads = [...root.querySelectorAll("thead th")].map((th) => th.textContent);
    expect(heads).toContain("Kế hoạch năm 2024");
    expect(heads).toContain("Mục tiêu 2025");
    expect(heads).toContain("Số liệu kỳ báo cáo");
    // Headings take no input.
    expect(root.querySelector('tr[data-code="1"] td[data-field]')).toBeNull();
  });

  it("first cell selected; arrows and Tab move, skipping headings", async () => {
    const { root } = await openReport();
    expect(cell(root, "1.1", "value").classList.contains("sel")).toBe(true);
    await key(grid(root), "ArrowDown");
    expect(cell(root, "1.2", "value").classList.contains("sel")).toBe(true);
    await key(grid(root), "ArrowDown"); // 3 and 3.5 are headings
    expect(cell(root, "3.5.1", "value").classList.contains("sel")).toBe(true);
    await key(grid(root), "Tab");
    expect(cell(root, "3.5.1", "status").classList.contains("sel")).toBe(true);
    await key(grid(root), "Tab", { shiftKey: true });
    await key(grid(root), "ArrowUp");
    expect(cell(root, "1.2", "value").classList.contains("sel")).toBe(true);
  });

  it("checks as you type, shows the message, saves on Enter, shows figures the vi-VN way", async () => {
    const { root, backend } = await openReport();
    await key(grid(root), "1");
    const input = root.querySelector<HTMLInputElement>(".cell-input")!;
    expect(input).not.toBeNull();
    await typeInto(input, "135");
    await settle();
    const c = cell(root, "1.1", "value");
    expect(c.classList.contains("mark-error")).toBe(true);
    expect(c.querySelector('[data-test="cell-tip"]')?.textContent).toContain("phải từ 0 đến 100");
    expect(backend.calls.filter((x) => x.cmd === "applyEdits")).toHaveLength(0); // not saved while typing
    await key(input, "Enter");
    await settle();
    expect(backend.calls.filter((x) => x.cmd === "applyEdits").map((x) => x.args[0])).toEqual([[{ indicator: "1.1", field: "value", text: "135" }]]);
    expect(cell(root, "1.2", "value").classList.contains("sel")).toBe(true); // moved down
    expect(cell(root, "1.1", "value").classList.contains("mark-error")).toBe(true); // kept as typed, flagged
    // Fixed with a decimal point: shown with a decimal comma.
    await key(grid(root), "ArrowUp");
    await key(grid(root), "Enter");
    await typeInto(root.querySelector<HTMLInputElement>(".cell-input")!, "86.97");
    await key(root.querySelector(".cell-input")!, "Tab");
    await settle();
    expect(cell(root, "1.1", "value").textContent).toBe("86,97");
    expect(cell(root, "1.1", "value").classList.contains("mark-error")).toBe(false);
    expect(cell(root, "1.1", "status").classList.contains("sel")).toBe(true);
    expect(cell(root, "1.1", "status").textContent).toBe("Chính thức");
  });

  it("Esc cancels an edit: nothing saved", async () => {
    const { root, backend } = await openReport();
    await key(grid(root), "a");
    await typeInto(root.querySelector<HTMLInputElement>(".cell-input")!, "abc");
    await settle();
    expect(cell(root, "1.1", "value").classList.contains("mark-error")).toBe(true);
    await key(root.querySelector(".cell-input")!, "Escape");
    await settle();
    expect(root.querySelector(".cell-input")).toBeNull();
    expect(cell(root, "1.1", "value").classList.contains("mark-error")).toBe(false);
    expect(cell(root, "1.1", "value").textContent).toBe("");
    expect(backend.calls.some((x) => x.cmd === "applyEdits")).toBe(false);
  });

  it("the grid has the keyboard as soon as the report opens: typing and arrows work without a click", async () => {
    const { root } = await openReport();
    expect(document.activeElement).toBe(grid(root));
    // Keys sent where a person's keys go (the focused element), not to the grid by name.
    await key(document.activeElement!, "ArrowDown");
    expect(cell(root, "1.2", "value").classList.contains("sel")).toBe(true);
    await key(document.activeElement!, "7");
    expect(document.activeElement).toBe(root.querySelector(".cell-input"));
  });

  it("status is a choice: 'u' saves Ước tính at once, never red, no free text", async () => {
    const { root, backend } = await openReport();
    await key(grid(root), "ArrowRight");
    await key(grid(root), "u");
    await settle();
    expect(root.querySelector(".cell-input")).toBeNull();
    expect(cell(root, "1.1", "status").textContent).toBe("Ước tính");
    expect(cell(root, "1.1", "status").classList.contains("mark-error")).toBe(false);
    expect(backend.calls.filter((x) => x.cmd === "applyEdits").map((x) => x.args[0])).toEqual([[{ indicator: "1.1", field: "status", text: "Ước tính" }]]);
    // Enter opens the list; arrows and Enter pick; letters that are no shortcut type nothing.
    await key(grid(root), "Enter");
    const list = root.querySelector<HTMLElement>('[data-test="status-choice"]')!;
    expect(list).not.toBeNull();
    expect([...list.querySelectorAll("li")].map((li) => li.textContent)).toEqual(["Chính thứcC", "Ước tínhU", "Để trốngDelete"]);
    expect(document.activeElement).toBe(list);
    await key(list, "x");
    await key(list, "ArrowUp");
    await key(list, "Enter");
    await settle();
    expect(cell(root, "1.1", "status").textContent).toBe("Chính thức");
    // "c" on the cell, then Delete clears it.
    await key(grid(root), "2");
    await settle();
    expect(cell(root, "1.1", "status").textContent).toBe("Ước tính");
    await key(grid(root), "Enter");
    await key(root.querySelector('[data-test="status-choice"]')!, "Escape");
    await settle();
    expect(root.querySelector('[data-test="status-choice"]')).toBeNull();
    expect(cell(root, "1.1", "status").textContent).toBe("Ước tính");
  });

  it("a block pasted from Excel fills consecutive cells in one save", async () => {
    const { root, backend } = await openReport();
    await paste(root, "80\tChính thức\n81,5\tƯớc tính\n");
    await settle();
    const saves = backend.calls.filter((x) => x.cmd === "applyEdits");
    expect(saves).toHaveLength(1);
    expect(saves[0].args[0]).toEqual([
      { indicator: "1.1", field: "value", text: "80" },
      { indicator: "1.1", field: "status", text: "Chính thức" },
      { indicator: "1.2", field: "value", text: "81,5" },
      { indicator: "1.2", field: "status", text: "Ước tính" },
    ]);
    expect(cell(root, "1.2", "value").textContent).toBe("81,5");
    expect(root.textContent).toContain("Đã dán 4 ô vào chỉ tiêu 1.1 đến 1.2.");
  });

  // Issue 11, point 5: Ctrl+Z undoes the whole paste, in one call.
  it("Ctrl+Z after a paste brings back what every pasted cell had", async () => {
    const { root, backend } = await openReport((b) => b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "70" }]));
    await paste(root, "80\n81,5\n");
    await settle();
    expect(cell(root, "1.1", "value").textContent).toBe("80");
    expect(cell(root, "1.2", "value").textContent).toBe("81,5");
    await key(grid(root), "z", { ctrlKey: true });
    await settle();
    expect(backend.calls.filter((x) => x.cmd === "undo")).toHaveLength(1);
    expect(cell(root, "1.1", "value").textContent).toBe("70");
    expect(cell(root, "1.2", "value").textContent).toBe("");
    expect(root.textContent).toContain("Đã hoàn tác thay đổi gần nhất: chỉ tiêu 1.1, 1.2.");
    expect(backend.history_.filter((h) => h.origin.kind === "undo")).toHaveLength(2);
  });

  it("the diagnostics panel lists every finding and jumps to its cell", async () => {
    const { root } = await openReport((b) =>
      b.applyEdits("THAI-NGUYEN", "2024-Q2", [
        { indicator: "1.2", field: "value", text: "abc" },
        { indicator: "3.5.1", field: "status", text: "Dự kiến" },
      ]),
    );
    const panel = root.querySelector('[data-test="diagnostics"]')!;
    const items = [...panel.querySelectorAll<HTMLButtonElement>(".diag-item")];
    // The two errors, then the core's missing-figure warnings as one item.
    expect(items.map((b) => b.dataset.indicator)).toEqual(["1.2", "3.5.1", undefined]);
    expect(items[2].dataset.code).toBe("missing-figure");
    expect(panel.querySelector('[data-severity="error"] .chip-count')?.textContent).toBe("2");
    await act(() => items[1].click());
    await settle();
    expect(cell(root, "3.5.1", "status").classList.contains("sel")).toBe(true);
    expect(cell(root, "3.5.1", "status").querySelector('[data-test="cell-tip"]')?.textContent).toContain("Dự kiến");
    await act(() => items[0].click());
    expect(cell(root, "1.2", "value").classList.contains("sel")).toBe(true);
    // Hovering a marked cell shows its message too.
    await act(() => {
      cell(root, "3.5.1", "status").dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
      cell(root, "3.5.1", "status").dispatchEvent(new MouseEvent("mouseenter"));
    });
    expect(cell(root, "3.5.1", "status").querySelector('[data-test="cell-tip"]')).not.toBeNull();
  });

  it("the diagnostics panel folds into a strip with its counts, and stays folded across tabs", async () => {
    const { root } = await openReport((b) => b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.2", field: "value", text: "abc" }]));
    const panel = () => root.querySelector('[data-test="diagnostics"]')!;
    await click(panel().querySelector('[data-test="diag-collapse"]')!);
    expect(panel().classList.contains("diag-collapsed")).toBe(true);
    expect(panel().querySelector(".diag-item")).toBeNull();
    expect(panel().querySelector('.diag-mini[data-severity="error"]')?.textContent).toContain("1");
    const tab = (name: string) => root.querySelector<HTMLElement>(`[data-tab="${name}"]`)!;
    await click(tab("history"));
    await settle();
    expect(root.querySelector('[data-test="diagnostics"]')).toBeNull();
    await click(tab("grid"));
    await settle();
    expect(panel().classList.contains("diag-collapsed")).toBe(true);
    await click(panel().querySelector('[data-test="diag-expand"]')!);
    expect(panel().classList.contains("diag-collapsed")).toBe(false);
    // The error, then the core's missing-figure warnings as one item.
    expect([...panel().querySelectorAll<HTMLButtonElement>(".diag-item")].map((b) => b.dataset.indicator)).toEqual(["1.2", undefined]);
  });
});

describe("the history panel", () => {
  it("shows each text column a change touched, with its text before and after", async () => {
    const { root } = await openReport(async (b) => {
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "notes", text: "Số liệu sơ bộ" }]);
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "notes", text: "Đã đối chiếu với Sở" }]);
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "86,97" }]);
    });
    const tab = [...root.querySelectorAll("button")].find((x) => x.textContent === "Lịch sử");
    expect(tab).toBeDefined();
    await click(tab!);
    await settle();
    const rows = [...root.querySelectorAll('[data-test="history"] tr[data-indicator="1.1"]')];
    expect(rows).toHaveLength(3);
    // Newest first: the figure alone, then the note changed, then the note set.
    expect(rows[0].querySelector('[data-test="text-change"]')).toBeNull();
    const changed = rows[1].querySelector('[data-test="text-change"]')!;
    expect(changed.textContent).toBe("ghi chú: Số liệu sơ bộ → Đã đối chiếu với Sở");
    expect(changed.querySelector("del")?.textContent).toBe("Số liệu sơ bộ");
    expect(changed.querySelector("ins")?.textContent).toBe("Đã đối chiếu với Sở");
    expect(rows[2].querySelector('[data-test="text-change"]')?.textContent).toBe("ghi chú: (trống) → Số liệu sơ bộ");
  });

  // Issue 11, point 5: "Khôi phục giá trị này" brings back a row's old value.
  it("restores the value a figure had before a change", async () => {
    const { root, backend } = await openReport(async (b) => {
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "50" }]);
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "60" }]);
    });
    await click(root.querySelector<HTMLElement>('[data-tab="history"]')!);
    await settle();
    const rows = () => [...root.querySelectorAll('[data-test="history"] tr[data-indicator="1.1"]')];
    // The newest row's "before" (50) differs from the figure now (60); the oldest's is blank.
    const button = rows()[0].querySelector<HTMLButtonElement>('[data-test="restore-value"]')!;
    expect(button.textContent).toBe("Khôi phục giá trị này");
    await click(button);
    await settle();
    expect(backend.calls.find((c) => c.cmd === "restoreValue")?.args).toEqual(["1.1", 2]);
    expect(backend.figures.get("1.1")?.value).toBe(50);
    expect(rows()).toHaveLength(3);
    expect(rows()[0].textContent).toContain("Khôi phục giá trị trước lần sửa 2");
    expect(root.textContent).toContain("Đã khôi phục giá trị của chỉ tiêu 1.1 trước lần sửa 2.");
  });
});

describe("the drafts panel", () => {
  const openDrafts = async () => {
    const app = await openReport(async (b) => {
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "86,97" }]);
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.2", field: "value", text: "50" }]);
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.2", field: "trend", text: "Do người lập biểu viết." }]);
    });
    const tab = [...app.root.querySelectorAll("button")].find((x) => x.textContent === "Bản nháp đánh giá");
    expect(tab).toBeDefined();
    await click(tab!);
    await settle();
    return app;
  };

  it("the grid says how many empty cells have a draft, and leads to them", async () => {
    const { root } = await openReport(async (b) => {
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "86,97" }]);
    });
    await settle();
    const hint = root.querySelector('[data-test="drafts-hint"]');
    expect(hint?.textContent).toContain("Có 1 bản nháp");
    await click(hint!.querySelector('[data-test="drafts-open"]')!);
    await settle();
    expect(root.querySelector('[data-test="draft-1.1-trend"]')).not.toBeNull();
  });

  it("offers drafts only for empty cells, and accepting one saves it as from a draft", async () => {
    const { root, backend } = await openDrafts();
    expect(root.querySelector('[data-test="draft-1.1-trend"]')).not.toBeNull();
    expect(root.querySelector('[data-test="draft-1.2-trend"]')).toBeNull(); // typed text is never replaced
    await click(root.querySelector('[data-test="accept-1.1-trend"]')!);
    await settle();
    expect(backend.figures.get("1.1")?.trend).toBe(DRAFT_11);
    expect(backend.history_[backend.history_.length - 1].origin).toEqual({ kind: "draft", cli: false });
    expect(root.querySelector('[data-test="draft-1.1-trend"]')).toBeNull();
  });

  it("a draft edited before saving is the person's own text", async () => {
    const { root, backend } = await openDrafts();
    const area = root.querySelector<HTMLTextAreaElement>('[data-test="draft-1.1-trend"] textarea')!;
    await act(async () => {
      area.value = `${DRAFT_11}, đã sửa.`;
      area.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await click(root.querySelector('[data-test="accept-1.1-trend"]')!);
    await settle();
    expect(backend.figures.get("1.1")?.trend).toBe(`${DRAFT_11}, đã sửa.`);
    expect(backend.history_[backend.history_.length - 1].origin).toEqual({ kind: "app" });
  });

  it("accept all fills the empty cells and the review; the review is saved with its text", async () => {
    const { root, backend } = await openDrafts();
    await click(root.querySelector('[data-test="accept-all"]')!);
    await settle();
    expect(backend.figures.get("1.1")?.trend).toBe(DRAFT_11);
    expect(backend.figures.get("1.2")?.trend).toBe("Do người lập biểu viết.");
    expect(backend.review_?.text).toBe(drafts("1.1=86,97;1.2=50").review); // the core's review draft
    const area = root.querySelector<HTMLTextAreaElement>('[data-test="review"] textarea')!;
    await act(async () => {
      area.value = "ĐÁNH GIÁ 6 THÁNG ĐẦU NĂM 2024\n\nĐã sửa.";
      area.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await click(root.querySelector('[data-test="save-review"]')!);
    await settle();
    expect(backend.review_?.revision).toBe(2);
    expect(backend.calls.filter((c) => c.cmd === "saveReview").map((c) => c.args[1])).toEqual([true, false]);
  });
});

describe("drafts as suggestions in the grid", () => {
  // 1.1 has a figure and empty text cells: its draft is offered; 1.2's
  // trend was typed, so it is not.
  const openGrid = () =>
    openReport(async (b) => {
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "86,97" }]);
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.2", field: "value", text: "50" }]);
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.2", field: "trend", text: "Do người lập biểu viết." }]);
    }).then(async (app) => {
      await settle();
      return app;
    });
  const select = async (root: Element, code: string, field: string) => {
    await click(cell(root, code, field));
    await settle();
  };
  const last = (b: { history_: { origin: unknown }[] }) => b.history_[b.history_.length - 1].origin;

  it("an empty cell shows its draft greyed, never over typed text", async () => {
    const { root } = await openGrid();
    const c = cell(root, "1.1", "trend");
    expect(c.classList.contains("has-draft")).toBe(true);
    expect(c.querySelector(".cell-draft")?.textContent).toContain(DRAFT_11);
    expect(c.querySelector(".cell-text")?.textContent).toBe(""); // nothing saved yet
    expect(cell(root, "1.2", "trend").querySelector(".cell-draft")).toBeNull();
    expect(cell(root, "1.2", "trend").textContent).toBe("Do người lập biểu viết.");
    // No draft where the core offers none (1.1 is not a rank: no international draft).
    expect(cell(root, "1.1", "comparison").querySelector(".cell-draft")).toBeNull();
  });

  it("a rank's empty «So sánh quốc tế» cell shows the international draft, accepted like the trend", async () => {
    // The ranks are reported by their tracking department (the core's applicability).
    const { root, backend } = await openReport(
      async (b) => {
        await b.applyEdits(RANKS_UNIT, "2024-Q2", [{ indicator: "5.1", field: "value", text: "71" }]);
      },
      { unit: UNITS[RANKS_UNIT] },
    );
    await settle();
    expect(cell(root, "5.1", "comparison").querySelector(".cell-draft")?.textContent).toContain(INTL_51);
    await select(root, "5.1", "comparison");
    await key(grid(root), "Enter", { ctrlKey: true });
    await settle();
    expect(backend.figures.get("5.1")?.comparison).toBe(INTL_51);
    expect(backend.figures.get("5.1")?.trend).toBe(""); // only the cell accepted
    expect(last(backend)).toEqual({ kind: "draft", cli: false });
  });

  it("Ctrl+Enter accepts the selected cell's draft; its history says so", async () => {
    const { root, backend } = await openGrid();
    await select(root, "1.1", "trend");
    await key(grid(root), "Enter", { ctrlKey: true });
    await settle();
    expect(backend.calls.filter((c) => c.cmd === "acceptDraft").map((c) => c.args)).toEqual([["1.1", "trend", DRAFT_11]]);
    expect(backend.figures.get("1.1")?.trend).toBe(DRAFT_11);
    expect(last(backend)).toEqual({ kind: "draft", cli: false });
    expect(cell(root, "1.1", "trend").querySelector(".cell-text")?.textContent).toBe(DRAFT_11);
    expect(cell(root, "1.1", "trend").querySelector(".cell-draft")).toBeNull();
    expect(root.querySelector('[data-test="report-notice"]')?.textContent).toContain("Đã nhận bản nháp «Đánh giá xu hướng» của chỉ tiêu 1.1");
    // Ctrl+Enter on a cell without a draft edits it, as Enter does; nothing accepted.
    await select(root, "1.2", "trend");
    await key(grid(root), "Enter", { ctrlKey: true });
    expect(backend.calls.filter((c) => c.cmd === "acceptDraft")).toHaveLength(1);
  });

  it("the «Nhận» button accepts the draft of its cell", async () => {
    const { root, backend } = await openGrid();
    await click(cell(root, "1.1", "trend").querySelector('[data-test="take-draft-1.1-trend"]')!);
    await settle();
    expect(backend.figures.get("1.1")?.trend).toBe(DRAFT_11);
    expect(last(backend)).toEqual({ kind: "draft", cli: false });
  });

  // Enter opens the draft to edit (saved unchanged, it is accepted as a
  // draft; edited, it is the person's text); typing starts the person's own.
  it.each([
    ["Enter", DRAFT_11, DRAFT_11, { kind: "draft", cli: false }],
    ["Enter", DRAFT_11, "Bản nháp 1.1, đã đối chiếu.", { kind: "app" }],
    ["T", "T", "Tự viết.", { kind: "app" }],
  ])("key %s opens «%s»; saving «%s» is a change of origin %o", async (k, shown, typed, origin) => {
    const { root, backend } = await openGrid();
    await select(root, "1.1", "trend");
    await key(grid(root), k);
    const input = cell(root, "1.1", "trend").querySelector<HTMLInputElement>("input")!;
    expect(input.value).toBe(shown);
    await typeInto(input, typed);
    await key(input, "Enter");
    await settle();
    expect(backend.figures.get("1.1")?.trend).toBe(typed);
    expect(last(backend)).toEqual(origin);
    expect(backend.calls.filter((c) => c.cmd === "acceptDraft")).toHaveLength(origin.kind === "draft" ? 1 : 0);
  });

  it("Escape, a click elsewhere or an arrow leaves the draft unsaved; accept all fills every empty cell", async () => {
    const { root, backend } = await openGrid();
    const saves = () => backend.calls.filter((c) => c.cmd === "acceptDraft" || c.cmd === "applyEdits").length;
    const before = saves();
    await select(root, "1.1", "trend");
    await key(grid(root), "Enter");
    await key(cell(root, "1.1", "trend").querySelector("input")!, "Escape");
    await settle();
    expect(backend.figures.get("1.1")?.trend).toBe("");
    await key(grid(root), "Enter");
    expect(cell(root, "1.1", "trend").querySelector("input")).not.toBeNull();
    await select(root, "1.1", "notes");
    expect(cell(root, "1.1", "trend").querySelector("input")).toBeNull();
    await select(root, "1.1", "trend");
    await key(grid(root), "Enter");
    await key(cell(root, "1.1", "trend").querySelector("input")!, "ArrowDown");
    expect(cell(root, "1.2", "trend").classList.contains("sel")).toBe(true);
    expect(cell(root, "1.1", "trend").querySelector(".cell-draft")).not.toBeNull();
    expect(saves()).toBe(before);
    expect(backend.figures.get("1.1")?.trend).toBe("");
    await click(root.querySelector('[data-test="grid-accept-all"]')!);
    await settle();
    expect(backend.figures.get("1.1")?.trend).toBe(DRAFT_11);
    expect(backend.figures.get("1.2")?.trend).toBe("Do người lập biểu viết.");
    expect(root.querySelector('[data-test="report-notice"]')?.textContent).toContain("Đã điền bản nháp vào 1 ô «Đánh giá xu hướng»");
    expect(root.querySelector('[data-test="drafts-hint"]')).toBeNull();
  });
});

describe("the review's versions", () => {
  it("lists each save of the review, newest first, with its origin", async () => {
    const { root, backend } = await openReport(async (b) => {
      await b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "86,97" }]);
    });
    const tab = [...root.querySelectorAll("button")].find((x) => x.textContent === "Bản nháp đánh giá")!;
    await click(tab);
    await settle();
    expect(root.querySelector('[data-test="review-history"]')).toBeNull(); // nothing saved yet
    await click(root.querySelector('[data-test="save-review"]')!); // the draft as shown
    await settle();
    await typeInto(root.querySelector<HTMLTextAreaElement>('[data-test="review"] textarea')!, "ĐÁNH GIÁ 6 THÁNG ĐẦU NĂM 2024\n\nĐã sửa.");
    await click(root.querySelector('[data-test="save-review"]')!);
    await settle();
    expect(backend.reviewHistory_).toHaveLength(2);
    const items = [...root.querySelectorAll('[data-test="review-history"] li')];
    expect(items.map((li) => li.getAttribute("data-origin"))).toEqual(["app", "draft"]);
    expect(items[0].textContent).toContain("Lần 2");
    expect(items[0].textContent).toContain("Nhập trên ứng dụng");
    expect(items[1].textContent).toContain("Nhận bản nháp đánh giá");
    expect(items[1].textContent).toMatch(/\d{2}\/07\/2024 \d{2}:\d{2}/);
  });
});
