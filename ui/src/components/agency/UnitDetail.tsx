// One unit of a consolidation: its file, when it came (and a correction of
// that by hand), and what is wrong in it (figures left out of the
// statistics, outliers), and its revisions as a table.

import type { AgencyUnit, AgencyView } from "../../api";
import { localDateTime } from "../../format";
import { ReceivedAt } from "./ReceivedAt";
import { Revisions } from "./Revisions";
import { StatusBadge } from "./StatusBadge";

export function UnitDetail({
  unit,
  view,
  onClose,
  onReveal,
  onCorrect,
}: {
  unit: AgencyUnit;
  view: AgencyView;
  onClose: () => void;
  onReveal: () => void;
  onCorrect: (at: string, reason: string) => Promise<void>;
}) {
  const names = new Map(view.indicators.map((i) => [i.indicator, i.name]));
  const outliers = view.outliers.filter((o) => o.unit === unit.code);
  const revision = view.revisions.find((r) => r.unit === unit.code);
  const errors = unit.values.filter((f) => f.error);
  return (
    <aside class="agency-detail" data-test="agency-unit" data-code={unit.code} aria-label={`Tệp của ${unit.name}`}>
      <div class="detail-head">
        <div>
          <h2>{unit.name}</h2>
          <StatusBadge status={unit.status} />
        </div>
        <button type="button" class="notice-close" onClick={onClose} aria-label="Đóng" title="Đóng">
          ×
        </button>
      </div>
      {unit.file_name ? (
        <dl class="detail-facts">
          <dt>Tệp</dt>
          <dd>
            <span data-test="agency-unit-file">{unit.file_name}</span>{" "}
            <button type="button" class="btn-link" onClick={onReveal} id="agency-reveal">
              Mở thư mục chứa tệp
            </button>
          </dd>
          <dt>Nhận lúc</dt>
          <dd>
            <ReceivedAt key={unit.code} unit={unit} onCorrect={onCorrect} />
          </dd>
          {revision && unit.latest_at && (
            <>
              <dt>Bản đang dùng nhận lúc</dt>
              <dd data-test="agency-latest-at">{localDateTime(unit.latest_at)}</dd>
            </>
          )}
          {unit.exported_at && (
            <>
              <dt>Xuất từ chitieu lúc</dt>
              <dd>
                {localDateTime(unit.exported_at)}
                {unit.edited_after_export && <span class="tag">đã sửa sau khi xuất</span>}
              </dd>
            </>
          )}
          <dt>Số liệu</dt>
          <dd>
            {unit.figures} chỉ tiêu, {unit.errors} lỗi
          </dd>
          <dt>Ký số</dt>
          <dd data-test="agency-unit-signing">
            {unit.signing_label}
            {unit.signature && (
              <div class="muted small">
                {unit.signature.file_name}, người ký: {unit.signature.signer}
              </div>
            )}
          </dd>
        </dl>
      ) : (
        <p class="muted">Chưa có tệp báo cáo của đơn vị này cho kỳ {view.period_label}.</p>
      )}
      {unit.message && <p class="notice notice-warning">{unit.message}</p>}

      <h3>Lỗi và điểm bất thường</h3>
      {errors.length === 0 && outliers.length === 0 ? (
        <p class="muted" data-test="agency-unit-clean">
          {unit.file_name ? "Không có lỗi hay số liệu bất thường." : "—"}
        </p>
      ) : (
        <ul class="detail-diags" data-test="agency-unit-diags">
          {errors.map((f) => (
            <li key={`e-${f.indicator}`} class="diag-error">
              <span class="tag tag-error">Lỗi</span> Chỉ tiêu {f.indicator} «{f.raw}»: {f.error} Số liệu này không được đưa vào thống kê.
            </li>
          ))}
          {outliers.map((o) => (
            <li key={`o-${o.indicator}`} class="diag-warning">
              <span class="tag tag-warning">Bất thường</span> Chỉ tiêu {o.indicator}: {o.reason}
            </li>
          ))}
        </ul>
      )}

      {revision && (
        <>
          <h3>Các lần gửi ({revision.files.length})</h3>
          <p class="muted small">Đúng hạn hay muộn tính theo lần nhận đầu tiên; số liệu dùng là của bản gửi sau cùng.</p>
          <Revisions revision={revision} />
        </>
      )}

      {unit.values.length > 0 && (
        <>
          <h3>Số liệu trong tệp</h3>
          <table class="detail-figures">
            <tbody>
              {unit.values.map((f) => (
                <tr key={f.indicator} class={f.error ? "has-errors" : ""}>
                  <td class="nowrap">{f.indicator}</td>
                  <td class="small">{names.get(f.indicator) ?? ""}</td>
                  <td class="num nowrap">
                    {f.raw}
                    {f.estimate && <span class="tag tag-muted">ước tính</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </aside>
  );
}
