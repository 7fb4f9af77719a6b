// A unit's revisions for the period as a table: each file, when it came
// (after the deadline or not), when chitieu exported it, and what changed
// from the file before it. The last one stands; the first decides on time.

import type { Revision } from "../../api";
import { localDateTime } from "../../format";
import { RECEIVED_FROM_LABELS } from "./ReceivedAt";

const name = (path: string) => path.split(/[\\/]/).pop() ?? path;

export function Revisions({ revision }: { revision: Revision }) {
  const last = revision.received.length - 1;
  return (
    <table class="detail-revisions" data-test="agency-revisions">
      <thead>
        <tr>
          <th>Tệp</th>
          <th>Nhận lúc</th>
          <th>Xuất từ chitieu</th>
          <th>Thay đổi so với bản trước</th>
        </tr>
      </thead>
      <tbody>
        {revision.received.map((f, k) => {
          const changes = revision.changes.filter((c) => c.file === f.file);
          return (
            <tr key={f.file} data-file={name(f.file)} class={k === last ? "standing" : ""}>
              <td class="file-cell">
                <div>{name(f.file)}</div>
                {k === 0 && <span class="tag tag-muted">lần đầu</span>}
                {k === last && <span class="tag">đang dùng</span>}
              </td>
              <td class="nowrap">
                {f.received_at ? localDateTime(f.received_at) : "—"}
                {f.after_deadline && <span class="tag tag-warning">sau hạn</span>}
                {f.received_from && <div class="muted small">{RECEIVED_FROM_LABELS[f.received_from]}</div>}
              </td>
              <td class="nowrap">{f.exported_at ? localDateTime(f.exported_at) : <span class="muted">—</span>}</td>
              <td>
                {k === 0 ? (
                  <span class="muted">—</span>
                ) : changes.length === 0 ? (
                  <span class="muted">Không thay đổi số liệu</span>
                ) : (
                  <ul class="revision-changes">
                    {changes.map((c, i) => (
                      <li key={i} data-what={c.what}>
                        <strong>{c.indicator}</strong>: {change(c.what, c.old, c.new)}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function change(what: string, old: string, now: string): string {
  switch (what) {
    case "added":
      return `thêm ${now}`;
    case "removed":
      return `bỏ ${old}`;
    case "status":
      return `${old || "(không ghi)"} → ${now || "(không ghi)"} (trạng thái)`;
    default:
      return `${old || "(trống)"} → ${now || "(trống)"}`;
  }
}
