import { describe, expect, it } from "vitest";

import type { RowView } from "../src/api";
import { planPaste } from "../src/grid";
import { isBlock, parseClipboard } from "../src/paste";

describe("reading a block copied from Excel", () => {
  it("splits cells on tabs and rows on newlines, ignoring the trailing newline", () => {
    expect(parseClipboard("86,97\tChính thức\n48,3\tƯớc tính\n")).toEqual([
      ["86,97", "Chính thức"],
      ["48,3", "Ước tính"],
    ]);
    expect(parseClipboard("1\r\n2\r\n")).toEqual([["1"], ["2"]]);
    expect(parseClipboard("85%")).toEqual([["85%"]]);
  });

  it("keeps empty cells and rows in place", () => {
    expect(parseClipboard("1\t\t3\n\n5\n")).toEqual([["1", "", "3"], [""], ["5"]]);
  });

  it("reads quoted cells holding newlines, tabs and quotes", () => {
    expect(parseClipboard('"Tăng\nmạnh"\t"có ""ngoặc"""\n2')).toEqual([
      ["Tăng\nmạnh", 'có "ngoặc"'],
      ["2"],
    ]);
    // A quote inside an unquoted cell is literal.
    expect(parseClipboard('Top "50"\t1')).toEqual([['Top "50"', "1"]]);
  });

  it("tells a block from a single value", () => {
    expect(isBlock("86,97")).toBe(false);
    expect(isBlock("86,97\n")).toBe(false);
    expect(isBlock("1\n2")).toBe(true);
    expect(isBlock("1\t2")).toBe(true);
  });
});

function row(code: string, kind: RowView["kind"]): RowView {
  return { code, name: code, kind, unit: "%", depth: code.split(".").length - 1, plan: "", target: "", previous: null, applicable: true, changed_since_export: false, figure: null, diagnostics: [] };
}

const ROWS = [row("1", "group"), row("1.1", "share"), row("1.2", "share"), row("1.7", "parent"), row("1.7.1", "share"), row("2", "group"), row("2.1", "share")];

describe("where a pasted block goes", () => {
  it("goes row by row like Excel when headings get blank lines (a block copied from the form)", () => {
    const plan = planPaste(ROWS, { row: 1, field: 0 }, [["80"], ["81"], [""], ["82"], [""], ["83"]]);
    expect(plan.edits.map((e) => [e.indicator, e.text])).toEqual([
      ["1.1", "80"],
      ["1.2", "81"],
      ["1.7.1", "82"],
      ["2.1", "83"],
    ]);
    expect(plan.dropped).toBe(0);
  });

  it("skips headings when the block holds figures only", () => {
    const plan = planPaste(ROWS, { row: 1, field: 0 }, [["80"], ["81"], ["82"], ["83"]]);
    expect(plan.edits.map((e) => e.indicator)).toEqual(["1.1", "1.2", "1.7.1", "2.1"]);
    expect([plan.first, plan.last]).toEqual(["1.1", "2.1"]);
  });

  it("fills consecutive fields and drops what falls outside", () => {
    const plan = planPaste(ROWS, { row: 4, field: 0 }, [["90", "Ước tính", "Sở TT&TT"], ["91"], ["92"], ["93"]]);
    expect(plan.edits).toEqual([
      { indicator: "1.7.1", field: "value", text: "90" },
      { indicator: "1.7.1", field: "status", text: "Ước tính" },
      { indicator: "1.7.1", field: "source", text: "Sở TT&TT" },
      { indicator: "2.1", field: "value", text: "91" },
    ]);
    expect(plan.dropped).toBe(2);
    const wide = planPaste(ROWS, { row: 1, field: 6 }, [["ghi chú", "thừa"]]);
    expect(wide.edits).toEqual([{ indicator: "1.1", field: "notes", text: "ghi chú" }]);
  });
});
