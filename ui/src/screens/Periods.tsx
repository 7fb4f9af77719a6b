// The periods of a year: what each covers, its deadline, where the report stands.

import { useEffect, useState } from "preact/hooks";

import type { DeadlineTone, PeriodSummary, Unit } from "../api";
import { BackendError } from "../api";
import { ErrorNotice, Spinner, StateBadge } from "../components/common";
import { useBackend } from "../context";
import { SentOnCard } from "../components/SentPanel";

/** How loud a deadline is: only a recent overdue period is red; one long past is history. */
const TONE_CLASS: Record<DeadlineTone, string> = { open: "muted", soon: "soon", overdue: "overdue", past: "past", sent: "sent-tone" };

export function Periods({ unit, year, thisYear, onYear, onOpen }: {
  unit: Unit;
  year: number;
  thisYear: number;
  onYear: (y: number) => void;
  onOpen: (period: string) => void;
}) {
  const backend = useBackend();
  const [list, setList] = useState<PeriodSummary[] | null>(null);
  const [error, setError] = useState<BackendError | null>(null);

  const reload = () => backend.periods(unit.code, year).then(setList, (e) => setError(BackendError.from(e)));

  useEffect(() => {
    setList(null);
    setError(null);
    reload();
  }, [unit.code, year]);

  // The period to work on now: the first whose deadline has not passed.
  const current = year === thisYear ? list?.find((p) => p.days_left > 0 && !p.period.match(/^\d{4}$/))?.period : undefined;

  return (
    <div class="page periods">
      <div class="page-head">
        <div>
          <h1>Kỳ báo cáo năm {year}</h1>
          <p class="muted">{unit.name} · chọn một kỳ để nhập hoặc xem số liệu</p>
        </div>
        <div class="year-nav" role="group" aria-label="Chọn năm">
          <button type="button" class="btn" onClick={() => onYear(year - 1)} aria-label="Năm trước" title="Năm trước">
            ‹ {year - 1}
          </button>
          <span class="year-current">{year}</span>
          <button type="button" class="btn" onClick={() => onYear(year + 1)} aria-label="Năm sau" title="Năm sau">
            {year + 1} ›
          </button>
          {/* Always there (hidden in this year), so the buttons never move under the pointer. */}
          <button
            type="button"
            class="btn-link year-back"
            onClick={() => onYear(thisYear)}
            style={year === thisYear ? { visibility: "hidden" } : undefined}
            aria-hidden={year === thisYear}
            tabIndex={year === thisYear ? -1 : 0}
          >
            Về năm {thisYear}
          </button>
        </div>
      </div>
      {error && <ErrorNotice error={error} />}
      {!list && !error && <Spinner label="Đang tải các kỳ báo cáo…" />}
      {list && (
        <div class="period-list" role="list">
          {list.map((p) => (
            <div role="listitem" class="period-item" key={p.period} data-item={p.period}>
              <button
                type="button"
                class={`period-card ${p.period === current ? "current" : ""}`}
                data-period={p.period}
                disabled={p.state === null}
                onClick={() => onOpen(p.period)}
              >
                <div class="period-main">
                  <div class="period-label">
                    {p.label}
                    {p.period === current && <span class="tag">Kỳ sắp đến hạn</span>}
                  </div>
                  <div class="muted">Số liệu {p.coverage}</div>
                </div>
                <div class="period-deadline">
                  <div>Hạn gửi: {p.deadline_label}</div>
                  <div class={TONE_CLASS[p.deadline_tone]} data-test="deadline-state" data-tone={p.deadline_tone}>
                    {p.deadline_text}
                  </div>
                </div>
                <div class="period-state">
                  <StateBadge state={p.state} label={p.state_label} completeness={p.completeness} />
                  {p.errors > 0 && <div class="err-count">{p.errors} lỗi</div>}
                </div>
                <span class="chevron" aria-hidden="true">
                  ›
                </span>
              </button>
              {p.state !== null && !p.exported && (p.days_left <= 30 || p.sent_otherwise) && (
                <SentOnCard unit={unit.code} period={p} onChanged={reload} />
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
