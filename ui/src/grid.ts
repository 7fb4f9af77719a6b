// The report grid's model: its columns, which cells take input, how the
// keys move, where a pasted block goes. Pure functions, unit-tested.

import type { Diagnostic, Edit, Field, Figure, Kind, RowView, Status } from "./api";
import { displayFigure, fold } from "./format";

/** The fields a person types, in column order. */
export const FIELDS: Field[] = ["value", "status", "source", "trend", "comparison", "proposals", "notes"];

export const FIELD_TITLES: Record<Field, string> = {
  value: "Số liệu kỳ báo cáo",
  status: "Loại số liệu",
  source: "Nguồn số liệu",
  trend: "Đánh giá xu hướng",
  comparison: "So sánh quốc tế",
  proposals: "Đề xuất, kiến nghị",
  notes: "Ghi chú",
};

export const STATUS_LABELS: Record<Status, string> = {
  official: "Chính thức",
  estimate: "Ước tính",
};

/** A selected or edited cell: a row of the view and a field. */
export interface Pos {
  row: number;
  field: number;
}

/** Rows of these kinds carry a figure; groups and parents are headings. */
export function carriesFigure(kind: Kind): boolean {
  return kind === "share" || kind === "rate" || kind === "rank";
}

/** The text of a field as offered for editing (as the core's `field_text`). */
export function fieldText(figure: Figure | null, field: Field): string {
  if (!figure) return "";
  switch (field) {
    case "value":
      return figure.value !== null ? displayFigure(figure.value, figure.raw) : figure.raw;
    case "status":
      return figure.status ? STATUS_LABELS[figure.status] : figure.status_raw;
    default:
      return figure[field];
  }
}

/** The text a cell shows. */
export function cellText(figure: Figure | null, field: Field): string {
  if (!figure) return "";
  if (field === "value") return displayFigure(figure.value, figure.raw);
  return fieldText(figure, field);
}

/** Rule codes about the status word; every other figure finding is about the value. */
const STATUS_CODES = new Set(["unknown-status", "estimate-in-year-report"]);

/** The column a diagnostic belongs to. */
export function fieldOf(d: Diagnostic): Field {
  return STATUS_CODES.has(d.code) ? "status" : "value";
}

/**
 * Codes that do not mark a cell: an empty cell is the normal state of a
 * report in progress (the panel still lists them).
 */
const QUIET_CODES = new Set(["missing-figure"]);

/** The findings that mark a cell: errors and warnings about that field. */
export function cellDiagnostics(diags: Diagnostic[], field: Field): Diagnostic[] {
  return diags.filter((d) => d.severity !== "info" && !QUIET_CODES.has(d.code) && fieldOf(d) === field);
}

/** The worst severity among findings, if any. */
export function worst(diags: Diagnostic[]): "error" | "warning" | null {
  if (diags.some((d) => d.severity === "error")) return "error";
  if (diags.some((d) => d.severity === "warning")) return "warning";
  return null;
}

/** The next row that takes figures from `row` in `step` direction, or `row` itself. */
function nextFigureRow(rows: RowView[], row: number, step: 1 | -1): number {
  for (let r = row + step; r >= 0 && r < rows.length; r += step) {
    if (carriesFigure(rows[r].kind)) return r;
  }
  return row;
}

export function firstPos(rows: RowView[]): Pos | null {
  const r = rows.findIndex((x) => carriesFigure(x.kind));
  return r < 0 ? null : { row: r, field: 0 };
}

export type Move = "up" | "down" | "left" | "right" | "next" | "prev" | "home" | "end";

/** Where a key moves the selection (headings are skipped; Tab wraps rows). */
export function move(rows: RowView[], pos: Pos, how: Move): Pos {
  const last = FIELDS.length - 1;
  switch (how) {
    case "up":
      return { row: nextFigureRow(rows, pos.row, -1), field: pos.field };
    case "down":
      return { row: nextFigureRow(rows, pos.row, 1), field: pos.field };
    case "left":
      return { row: pos.row, field: Math.max(0, pos.field - 1) };
    case "right":
      return { row: pos.row, field: Math.min(last, pos.field + 1) };
    case "home":
      return { row: pos.row, field: 0 };
    case "end":
      return { row: pos.row, field: last };
    case "next": {
      if (pos.field < last) return { row: pos.row, field: pos.field + 1 };
      const r = nextFigureRow(rows, pos.row, 1);
      return r === pos.row ? pos : { row: r, field: 0 };
    }
    case "prev": {
      if (pos.field > 0) return { row: pos.row, field: pos.field - 1 };
      const r = nextFigureRow(rows, pos.row, -1);
      return r === pos.row ? pos : { row: r, field: last };
    }
  }
}

export interface PastePlan {
  edits: Edit[];
  /** Rows of the block that fell past the last row or column. */
  dropped: number;
  /** The cells written, first and last (for the message). */
  first: string | null;
  last: string | null;
}

/**
 * Where a block copied from a spreadsheet goes, starting at `start`.
 *
 * Like Excel, line i of the block goes to the i-th row below, headings
 * included, when the lines that fall on heading rows are blank (a block
 * copied from a Phụ lục 01 form). Otherwise (a list of figures only) the
 * lines go to consecutive figure rows, headings skipped. Columns go to
 * consecutive fields; what falls outside the grid is dropped.
 */
export function planPaste(rows: RowView[], start: Pos, block: string[][]): PastePlan {
  const blank = (line: string[]) => line.every((c) => c.trim() === "");
  let targets: (number | null)[] = block.map((_, i) => (start.row + i < rows.length ? start.row + i : null));
  const onHeading = targets.some((r, i) => r !== null && !carriesFigure(rows[r].kind) && !blank(block[i]));
  if (onHeading) {
    targets = [];
    let r = start.row;
    for (let i = 0; i < block.length; i++) {
      while (r < rows.length && !carriesFigure(rows[r].kind)) r++;
      targets.push(r < rows.length ? r : null);
      r++;
    }
  }
  const edits: Edit[] = [];
  let dropped = 0;
  let first: string | null = null;
  let last: string | null = null;
  block.forEach((line, i) => {
    const r = targets[i];
    if (r === null) {
      dropped++;
      return;
    }
    const row = rows[r];
    if (!carriesFigure(row.kind)) return; // a blank line on a heading
    line.forEach((text, j) => {
      const f = start.field + j;
      if (f >= FIELDS.length) return;
      edits.push({ indicator: row.code, field: FIELDS[f], text: text.trim() });
      first = first ?? row.code;
      last = row.code;
    });
  });
  return { edits, dropped, first, last };
}

/** A stretch of the screen along one axis (pixels, start < end). */
export interface Span {
  start: number;
  end: number;
}

/**
 * How far to scroll so that `cell` is inside `view` (the part of the grid
 * not covered by its sticky header or columns): 0 when it already is; a
 * cell larger than the view is aligned on its start.
 */
export function revealDelta(view: Span, cell: Span): number {
  if (cell.start < view.start) return cell.start - view.start;
  if (cell.end > view.end) return Math.min(cell.end - view.end, cell.start - view.start);
  return 0;
}

/** Completes a status word being typed: "c" → "Chính thức", "uoc" → "Ước tính". */
export function completeStatus(text: string): string | null {
  const t = fold(text);
  if (!t) return null;
  for (const label of Object.values(STATUS_LABELS)) {
    if (fold(label).startsWith(t)) return label;
  }
  return null;
}
