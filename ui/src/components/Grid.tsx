// The report grid: a hand-made spreadsheet of the unit's indicators.
//
// Keys: arrows move, Tab / Shift+Tab move right / left, Enter or F2 edits,
// typing starts an edit, Enter commits and moves down, Esc cancels, Delete
// clears, Ctrl+Z undoes the last change (a whole paste at once). A block
// pasted from Excel fills the cells from the selected one.
// An empty «Đánh giá xu hướng» / «So sánh quốc tế» cell with a draft from the
// core shows it greyed as a suggestion: Ctrl+Enter or the «Nhận» button
// accepts it as is; Enter / F2 / a double-click opens it to edit (all of it
// selected, so typing replaces it); typing starts the person's own text.
// A typed value is checked as you type (the core's check_edit); the cell is
// marked and its message shows on focus and on hover.
// Rows stay short (names and texts cut at two lines with «…»); the selected
// row shows its whole name and a cut text or draft opens in full over the
// cell. The selected cell is always scrolled clear of the sticky header and
// columns (arrows, Tab, Enter, after a paste or a save).

import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";

import "./grid-drafts.css";
import "./grid-layout.css";

import type { Diagnostic, Edit, Field, ReportView, RowView } from "../api";
import {
  cellDiagnostics,
  cellText,
  carriesFigure,
  completeStatus,
  FIELDS,
  FIELD_TITLES,
  fieldText,
  move,
  type Move,
  planPaste,
  type Pos,
  revealDelta,
  worst,
} from "../grid";
import { isBlock, parseClipboard } from "../paste";
import { SEVERITY_LABELS } from "../labels";
import { StatusChoice, statusShortcut } from "./StatusChoice";

export interface GridProps {
  view: ReportView;
  selected: Pos | null;
  onSelect: (pos: Pos) => void;
  /** Typed texts not yet reflected in `view`, by `code/field`. */
  pending: Record<string, string>;
  /** Saves edits (typed or pasted). */
  onCommit: (edits: Edit[]) => void;
  /** The diagnostics a typed text would have. */
  onCheck: (edit: Edit) => Promise<Diagnostic[]>;
  /** Tells about a paste. */
  onPasted: (message: string) => void;
  /** Ctrl+Z: undoes the last batch of changes saved. */
  onUndo?: () => void;
  /** Drafts the core offers for empty text cells, by `code/field`. */
  drafts?: Record<string, string>;
  /** Accepts a cell's draft as shown (its history row says "from a draft"). */
  onAcceptDraft?: (indicator: string, field: Field, text: string) => void;
}

interface Editing {
  pos: Pos;
  text: string;
  original: string;
  /** The draft the edit started from, if it did. */
  draft?: string;
}

const key = (code: string, field: Field) => `${code}/${field}`;

const KEY_MOVES: Record<string, Move> = {
  ArrowUp: "up",
  ArrowDown: "down",
  ArrowLeft: "left",
  ArrowRight: "right",
  Home: "home",
  End: "end",
};

export function Grid({ view, selected, onSelect, pending, onCommit, onCheck, onPasted, onUndo, drafts, onAcceptDraft }: GridProps) {
  const rows = view.rows;
  const [editing, setEditingState] = useState<Editing | null>(null);
  // The edit in progress, read by handlers that may run after a re-render
  // (a blur after a commit must not commit twice).
  const editingRef = useRef<Editing | null>(null);
  const setEditing = (ed: Editing | null) => {
    editingRef.current = ed;
    setEditingState(ed);
  };
  const [live, setLive] = useState<{ key: string; text: string; diags: Diagnostic[] } | null>(null);
  const [hover, setHover] = useState<Pos | null>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  // A hidden textarea that receives Ctrl+V when no cell is being edited, so
  // the paste event fires in any engine (some fire none on a plain element).
  const catcherRef = useRef<HTMLTextAreaElement>(null);
  const checkSeq = useRef(0);

  // The grid takes the keyboard as soon as it is shown: typing and arrows
  // work without a click first.
  useEffect(() => {
    if (!wrapRef.current?.contains(document.activeElement)) focusGrid();
  }, []);

  // Live diagnostics are dropped once the saved view reflects the cell.
  useEffect(() => {
    setLive(null);
  }, [view]);

  // Keep the selected cell in sight, clear of the sticky header and the
  // sticky code and name columns: when it moves, after a paste, and after a
  // save changed the rows' heights while the person works in the grid.
  const [revealTick, setRevealTick] = useState(0);
  const reveal = () => {
    const wrap = wrapRef.current;
    if (!wrap || !selected) return;
    const el = wrap.querySelector<HTMLElement>(`td[data-row="${selected.row}"][data-field="${FIELDS[selected.field]}"]`);
    if (!el) return;
    const box = wrap.getBoundingClientRect();
    const cell = el.getBoundingClientRect();
    const head = wrap.querySelector("thead")?.getBoundingClientRect().height ?? 0;
    const name = wrap.querySelector("thead th.sticky-2")?.getBoundingClientRect().right ?? box.left;
    const dy = revealDelta({ start: box.top + head, end: box.top + wrap.clientHeight }, { start: cell.top, end: cell.bottom });
    const dx = revealDelta({ start: Math.max(box.left, name), end: box.left + wrap.clientWidth }, { start: cell.left, end: cell.right });
    if (dy !== 0) wrap.scrollTop += dy;
    if (dx !== 0) wrap.scrollLeft += dx;
  };
  useLayoutEffect(reveal, [selected?.row, selected?.field, revealTick]);
  useLayoutEffect(() => {
    if (wrapRef.current?.contains(document.activeElement)) reveal();
  }, [view]);

  // A selected text cut at two lines opens in full over its cell.
  const [cut, setCut] = useState(false);
  useLayoutEffect(() => {
    const wrap = wrapRef.current;
    const at = selected && `td[data-row="${selected.row}"][data-field="${FIELDS[selected.field]}"]`;
    const els = at && wrap ? [...wrap.querySelectorAll<HTMLElement>(`${at} .cell-text, ${at} .cell-draft-text`)] : [];
    const now = els.some((el) => el.scrollHeight > el.clientHeight + 1);
    if (now !== cut) setCut(now);
  });

  // Focus the input as soon as it exists (layout effect: before the next key
  // event, so fast typing lands in it).
  useLayoutEffect(() => {
    if (editing) {
      const input = inputRef.current;
      if (input && document.activeElement !== input) {
        input.focus();
        const end = input.value.length;
        // A draft opened to edit is selected whole: typing replaces it.
        const fromDraft = editing.draft !== undefined && editing.text === editing.draft;
        input.setSelectionRange?.(fromDraft ? 0 : end, end);
      }
    }
  }, [editing?.pos.row, editing?.pos.field, editing !== null]);

  const rowAt = (pos: Pos): RowView | undefined => rows[pos.row];

  const textOf = (pos: Pos): string => {
    const row = rowAt(pos);
    if (!row) return "";
    const field = FIELDS[pos.field];
    const p = pending[key(row.code, field)];
    return p !== undefined ? p : fieldText(row.figure, field);
  };

  /** The draft offered for an empty cell, if any. */
  const draftOf = (pos: Pos): string | null => {
    const row = rowAt(pos);
    if (!row || !drafts || !onAcceptDraft) return null;
    const d = drafts[key(row.code, FIELDS[pos.field])];
    return d && textOf(pos) === "" ? d : null;
  };

  const acceptDraft = (pos: Pos) => {
    const row = rowAt(pos);
    const d = draftOf(pos);
    if (row && d !== null) onAcceptDraft?.(row.code, FIELDS[pos.field], d);
  };

  const check = (pos: Pos, text: string) => {
    const row = rowAt(pos);
    if (!row) return;
    const field = FIELDS[pos.field];
    const mine = ++checkSeq.current;
    onCheck({ indicator: row.code, field, text })
      .then((diags) => {
        if (mine === checkSeq.current) setLive({ key: key(row.code, field), text, diags });
      })
      .catch(() => {
        /* the save will report a real problem */
      });
  };

  const startEdit = (pos: Pos, text?: string) => {
    if (FIELDS[pos.field] === "status") {
      // A choice, not a text: a shortcut saves at once, anything else opens the list.
      const picked = text !== undefined ? statusShortcut(text) : null;
      const row = rowAt(pos);
      if (picked !== null && row) {
        if (picked !== textOf(pos)) onCommit([{ indicator: row.code, field: "status", text: picked }]);
        return;
      }
      setEditing({ pos, text: textOf(pos), original: textOf(pos) });
      return;
    }
    const original = textOf(pos);
    const draft = text === undefined ? draftOf(pos) : null;
    if (draft !== null) {
      setEditing({ pos, text: draft, original, draft });
      return;
    }
    const start = text ?? original;
    setEditing({ pos, text: start, original });
    if (text !== undefined) check(pos, start);
  };

  const focusGrid = () => wrapRef.current?.focus({ preventScroll: true });

  const commit = (ed: Editing, then?: Move) => {
    if (editingRef.current !== ed) return;
    const row = rowAt(ed.pos);
    let text = ed.text;
    if (row && FIELDS[ed.pos.field] === "status") text = completeStatus(text) ?? text;
    setEditing(null);
    // A draft opened to edit is accepted as is by Enter or Tab only; leaving
    // the cell otherwise (a click elsewhere, an arrow) saves nothing.
    const draftAsIs = ed.draft !== undefined && text === ed.draft && text !== "";
    if (draftAsIs && then && row) onAcceptDraft?.(row.code, FIELDS[ed.pos.field], text);
    else if (draftAsIs) setLive(null);
    else if (row && text !== ed.original) onCommit([{ indicator: row.code, field: FIELDS[ed.pos.field], text }]);
    if (then) onSelect(move(rows, ed.pos, then));
    focusGrid();
  };

  const cancel = () => {
    setEditing(null);
    setLive(null);
    checkSeq.current++;
    focusGrid();
  };

  const pickStatus = (text: string) => {
    const ed = editingRef.current;
    if (!ed) return;
    const next = { ...ed, text };
    editingRef.current = next;
    commit(next);
  };

  const onGridKey = (e: KeyboardEvent) => {
    const ed = editingRef.current;
    if (ed && e.target === wrapRef.current && e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // A key typed before the input took the focus belongs to the edit.
      e.preventDefault();
      const text = ed.text + e.key;
      setEditing({ ...ed, text });
      check(ed.pos, text);
      return;
    }
    if (!ed && e.target === wrapRef.current && (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && (e.key === "z" || e.key === "Z")) {
      e.preventDefault();
      onUndo?.();
      return;
    }
    if (ed || !selected) return;
    if (e.target !== wrapRef.current) return;
    const mv = KEY_MOVES[e.key];
    if (((e.ctrlKey || e.metaKey) && (e.key === "v" || e.key === "V")) || (e.shiftKey && e.key === "Insert")) {
      // Not prevented: the browser pastes into the catcher, whose paste
      // event bubbles to onGridPaste.
      catcherRef.current?.focus({ preventScroll: true });
      setTimeout(() => {
        if (document.activeElement === catcherRef.current) focusGrid();
      }, 300);
      return;
    }
    if (mv && !e.altKey) {
      e.preventDefault();
      onSelect(move(rows, selected, mv));
    } else if (e.key === "Tab") {
      e.preventDefault();
      onSelect(move(rows, selected, e.shiftKey ? "prev" : "next"));
    } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && draftOf(selected) !== null) {
      e.preventDefault();
      acceptDraft(selected);
    } else if (e.key === "Enter" || e.key === "F2") {
      e.preventDefault();
      startEdit(selected);
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      const row = rowAt(selected);
      if (row && textOf(selected) !== "") onCommit([{ indicator: row.code, field: FIELDS[selected.field], text: "" }]);
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      startEdit(selected, e.key);
    }
  };

  const onInputKey = (e: KeyboardEvent) => {
    const editing = editingRef.current;
    if (!editing) return;
    if (e.key === "Enter") {
      e.preventDefault();
      commit(editing, e.shiftKey ? "up" : "down");
    } else if (e.key === "Tab") {
      e.preventDefault();
      commit(editing, e.shiftKey ? "prev" : "next");
    } else if (e.key === "Escape") {
      e.preventDefault();
      cancel();
    } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      e.preventDefault();
      const then = e.key === "ArrowUp" ? "up" : "down";
      // Moving away from a draft left as shown takes nothing.
      if (editing.draft !== undefined && editing.text === editing.draft) {
        cancel();
        onSelect(move(rows, editing.pos, then));
      } else commit(editing, then);
    }
  };

  const onInput = (e: Event) => {
    const editing = editingRef.current;
    if (!editing) return;
    const text = (e.target as HTMLInputElement).value;
    setEditing({ ...editing, text });
    check(editing.pos, text);
  };

  const paste = (text: string) => {
    if (!selected) return;
    const block = parseClipboard(text);
    const plan = planPaste(rows, selected, block);
    if (plan.edits.length === 0) return;
    onCommit(plan.edits);
    const where = plan.first === plan.last ? `chỉ tiêu ${plan.first}` : `chỉ tiêu ${plan.first} đến ${plan.last}`;
    const extra = plan.dropped > 0 ? `; bỏ qua ${plan.dropped} dòng nằm ngoài bảng` : "";
    onPasted(`Đã dán ${plan.edits.length} ô vào ${where}${extra}.`);
    setRevealTick((t) => t + 1);
  };

  const onGridPaste = (e: ClipboardEvent) => {
    const text = e.clipboardData?.getData("text/plain") ?? "";
    if (editingRef.current && !isBlock(text)) return; // an ordinary paste into the input
    e.preventDefault();
    if (editingRef.current) setEditing(null);
    if (catcherRef.current) catcherRef.current.value = "";
    paste(text);
    focusGrid();
  };

  const onCopy = (e: ClipboardEvent) => {
    if (editing || !selected) return;
    e.preventDefault();
    e.clipboardData?.setData("text/plain", textOf(selected));
  };

  const plan = view.plan_year;
  return (
    <div
      class="grid-wrap"
      ref={wrapRef}
      tabIndex={0}
      role="grid"
      aria-label={`Bảng số liệu ${view.period_label}`}
      aria-rowcount={rows.length + 1}
      onKeyDown={onGridKey}
      onPaste={onGridPaste}
      onCopy={onCopy}
      data-test="grid"
    >
      <textarea ref={catcherRef} class="paste-catcher" tabIndex={-1} aria-hidden="true" />
      <table class="grid">
        <colgroup>
          <col class="c-code" />
          <col class="c-name" />
          <col class="c-unit" />
          <col class="c-plan" />
          <col class="c-target" />
          <col class="c-prev" />
          {FIELDS.map((f) => (
            <col key={f} class={`c-${f}`} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th class="sticky-1">STT</th>
            <th class="sticky-2">Chỉ tiêu</th>
            <th>Đơn vị tính</th>
            <th title={view.plan_header || `Kế hoạch năm ${plan}`}>
              <span class="th-clamp">{view.plan_header || `Kế hoạch năm ${plan}`}</span>
            </th>
            <th>Mục tiêu {view.target_year}</th>
            <th>Kỳ trước</th>
            {FIELDS.map((f) => (
              <th key={f} class={`input-head ${f === "value" ? "figure-head" : ""}`}>
                {FIELD_TITLES[f]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => {
            const heading = !carriesFigure(row.kind);
            return (
              <tr
                key={row.code}
                class={`${heading ? `heading depth-${row.depth}` : `figure-row depth-${row.depth}`}${selected?.row === r ? " active" : ""}`}
                data-code={row.code}
              >
                <td class="sticky-1 code">{row.code}</td>
                <td class="sticky-2 name" title={row.name}>
                  <span class="name-text">{row.name}</span>
                  {!row.applicable && !heading && <span class="tag tag-muted">không áp dụng</span>}
                  {row.changed_since_export && (
                    <span class="tag tag-warn" title="Số liệu này khác với tệp đã xuất lần gần nhất">
                      sửa sau khi xuất
                    </span>
                  )}
                </td>
                <td class="center">{row.unit}</td>
                <td class="center ref">{row.plan}</td>
                <td class="center ref">{row.target}</td>
                <td class="num ref">{heading ? "" : row.previous ?? ""}</td>
                {FIELDS.map((field, f) => {
                  if (heading) return <td key={field} class="ro" />;
                  const pos = { row: r, field: f };
                  const isSel = selected?.row === r && selected.field === f;
                  const isEdit = editing?.pos.row === r && editing.pos.field === f;
                  const k = key(row.code, field);
                  const pend = pending[k];
                  const liveHere = live && live.key === k && (isEdit || pend !== undefined) ? live.diags : null;
                  const diags = liveHere ? cellDiagnostics(liveHere, field) : cellDiagnostics(row.diagnostics, field);
                  const mark = worst(diags);
                  const text = pend !== undefined ? pend : cellText(row.figure, field);
                  const draft = !isEdit ? draftOf(pos) : null;
                  const showTip = diags.length > 0 && (isSel || (hover?.row === r && hover.field === f));
                  const cls = [
                    "cell",
                    field === "value" ? "num figure" : field === "status" ? "center status" : "text",
                    isSel ? "sel" : "",
                    isEdit ? "editing" : "",
                    mark ? `mark-${mark}` : "",
                    pend !== undefined ? "pending" : "",
                    draft !== null ? "has-draft" : "",
                  ].join(" ");
                  return (
                    <td
                      key={field}
                      class={cls}
                      data-row={r}
                      data-code={row.code}
                      data-field={field}
                      aria-invalid={mark === "error" ? "true" : undefined}
                      aria-selected={isSel}
                      onMouseDown={(e) => {
                        if (isEdit) return;
                        e.preventDefault();
                        if (editingRef.current) commit(editingRef.current);
                        onSelect(pos);
                        focusGrid();
                      }}
                      onDblClick={() => startEdit(pos)}
                      onMouseEnter={() => diags.length > 0 && setHover(pos)}
                      onMouseLeave={() => hover && setHover(null)}
                    >
                      {isEdit && editing && field === "status" ? (
                        <>
                          <span class="cell-text">{text}</span>
                          <StatusChoice
                            current={editing.text}
                            onPick={pickStatus}
                            onCancel={() => editingRef.current && cancel()}
                          />
                        </>
                      ) : isEdit && editing ? (
                        <>
                          <input
                            ref={inputRef}
                            class="cell-input"
                            value={editing.text}
                            onInput={onInput}
                            onKeyDown={onInputKey}
                            onBlur={() => editingRef.current && commit(editingRef.current)}
                            aria-label={`${FIELD_TITLES[field]} — chỉ tiêu ${row.code}`}
                            spellcheck={false}
                            autocomplete="off"
                          />
                        </>
                      ) : (
                        <span class="cell-text">{text}</span>
                      )}
                      {isSel && !isEdit && cut && (text !== "" || draft !== null) && (
                        <div class={`cell-full ${r > rows.length - 4 ? "cell-full-above" : ""}`} data-test="cell-full" aria-hidden="true">
                          {text !== "" ? (
                            text
                          ) : (
                            <>
                              <span class="draft-mark">Nháp</span> {draft}
                            </>
                          )}
                        </div>
                      )}
                      {draft !== null && (
                        <DraftSuggestion
                          draft={draft}
                          name={`${row.code}-${field}`}
                          onAccept={() => {
                            if (editingRef.current) commit(editingRef.current);
                            onSelect(pos);
                            acceptDraft(pos);
                            focusGrid();
                          }}
                        />
                      )}
                      {mark && <span class={`corner corner-${mark}`} aria-hidden="true" />}
                      {showTip && <Tip diags={diags} above={r > rows.length - 4} />}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A draft shown in its empty cell, with the button that accepts it. */
function DraftSuggestion({ draft, name, onAccept }: { draft: string; name: string; onAccept: () => void }) {
  return (
    <>
      <span class="cell-draft" title={`Bản nháp (chưa lưu): ${draft}\nCtrl+Enter hoặc «Nhận» để nhận; Enter để sửa; gõ để viết nội dung khác.`}>
        <span class="cell-draft-text">
          <span class="draft-mark" aria-hidden="true">
            Nháp
          </span>{" "}
          {draft}
        </span>
      </span>
      <button
        type="button"
        class="draft-take"
        data-test={`take-draft-${name}`}
        tabIndex={-1}
        title="Nhận bản nháp vào ô này (Ctrl+Enter)"
        onMouseDown={(e) => e.stopPropagation()}
        onDblClick={(e) => e.stopPropagation()}
        onClick={(e) => {
          e.stopPropagation();
          onAccept();
        }}
      >
        Nhận
      </button>
    </>
  );
}

function Tip({ diags, above }: { diags: Diagnostic[]; above: boolean }) {
  return (
    <div class={`tip ${above ? "tip-above" : ""}`} role="tooltip" data-test="cell-tip">
      {diags.map((d, i) => (
        <div key={i} class={`tip-line tip-${d.severity}`}>
          <strong>{SEVERITY_LABELS[d.severity]}:</strong> {d.message}
        </div>
      ))}
    </div>
  );
}
