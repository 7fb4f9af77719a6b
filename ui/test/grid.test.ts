import { describe, expect, it } from "vitest";

import type { Diagnostic, RowView } from "../src/api";
import { cellDiagnostics, completeStatus, fieldOf, FIELDS, fieldText, move, revealDelta, worst } from "../src/grid";

function row(code: string, kind: RowView["kind"]): RowView {
  return { code, name: code, kind, unit: "%", depth: 1, plan: "", target: "", previous: null, applicable: true, changed_since_export: false, figure: null, diagnostics: [] };
}
const ROWS = [row("1", "group"), row("1.1", "share"), row("1.7", "parent"), row("1.7.1", "share"), row("5", "group"), row("5.1", "rank")];

function diag(code: string, severity: Diagnostic["severity"]): Diagnostic {
  return { severity, code, indicator: "1.1", sheet: null, cell: null, message: code };
}

describe("keyboard navigation", () => {
  it("moves up and down over figure rows only, headings skipped", () => {
    expect(move(ROWS, { row: 1, field: 0 }, "down")).toEqual({ row: 3, field: 0 });
    expect(move(ROWS, { row: 3, field: 2 }, "down")).toEqual({ row: 5, field: 2 });
    expect(move(ROWS, { row: 5, field: 0 }, "down")).toEqual({ row: 5, field: 0 });
    expect(move(ROWS, { row: 3, field: 0 }, "up")).toEqual({ row: 1, field: 0 });
    expect(move(ROWS, { row: 1, field: 0 }, "up")).toEqual({ row: 1, field: 0 });
  });

  it("moves left and right within the input fields, Tab wraps to the next row", () => {
    const last = FIELDS.length - 1;
    expect(move(ROWS, { row: 1, field: 0 }, "left")).toEqual({ row: 1, field: 0 });
    expect(move(ROWS, { row: 1, field: 0 }, "right")).toEqual({ row: 1, field: 1 });
    expect(move(ROWS, { row: 1, field: last }, "right")).toEqual({ row: 1, field: last });
    expect(move(ROWS, { row: 1, field: last }, "next")).toEqual({ row: 3, field: 0 });
    expect(move(ROWS, { row: 3, field: 0 }, "prev")).toEqual({ row: 1, field: last });
    expect(move(ROWS, { row: 3, field: 4 }, "home")).toEqual({ row: 3, field: 0 });
    expect(move(ROWS, { row: 3, field: 0 }, "end")).toEqual({ row: 3, field: last });
  });
});

describe("cells and their findings", () => {
  it("puts status findings on the status column, the rest on the figure", () => {
    expect(fieldOf(diag("unknown-status", "error"))).toBe("status");
    expect(fieldOf(diag("share-out-of-range", "error"))).toBe("value");
    const all = [diag("share-out-of-range", "error"), diag("plan-met", "info"), diag("missing-figure", "warning"), diag("unknown-status", "error")];
    expect(cellDiagnostics(all, "value").map((d) => d.code)).toEqual(["share-out-of-range"]);
    expect(cellDiagnostics(all, "status").map((d) => d.code)).toEqual(["unknown-status"]);
    expect(worst(all)).toBe("error");
    expect(worst([diag("implausible-change", "warning")])).toBe("warning");
    expect(worst([])).toBe(null);
  });

  it("offers a figure for editing the vi-VN way, and the status as its word", () => {
    const f = { indicator: "1.1", value: 86.97, raw: "86.97", status: "estimate" as const, status_raw: "", source: "S", trend: "", comparison: "", proposals: "", notes: "" };
    expect(fieldText(f, "value")).toBe("86,97");
    expect(fieldText(f, "status")).toBe("Ước tính");
    expect(fieldText({ ...f, value: null, raw: "abc" }, "value")).toBe("abc");
    expect(fieldText(null, "value")).toBe("");
  });

  it("completes a status word being typed", () => {
    expect(completeStatus("c")).toBe("Chính thức");
    expect(completeStatus("uoc")).toBe("Ước tính");
    expect(completeStatus("Ư")).toBe("Ước tính");
    expect(completeStatus("x")).toBe(null);
    expect(completeStatus("")).toBe(null);
  });
});

describe("revealDelta: the selected cell clear of the sticky header and columns", () => {
  const view = { start: 100, end: 500 }; // below a 100 px header
  it("does not scroll a cell already in view", () => {
    expect(revealDelta(view, { start: 120, end: 170 })).toBe(0);
  });
  it("scrolls a cell under the sticky header back into view", () => {
    expect(revealDelta(view, { start: 80, end: 130 })).toBe(-20);
  });
  it("scrolls a cell below the bottom up just enough", () => {
    expect(revealDelta(view, { start: 480, end: 530 })).toBe(30);
  });
  it("aligns a cell taller than the view on its start", () => {
    expect(revealDelta(view, { start: 300, end: 900 })).toBe(200);
  });
});
