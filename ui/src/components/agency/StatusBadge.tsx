// A unit's standing in a consolidation, as a word.

import type { UnitStatus } from "../../api";
import { UNIT_STATUS_LABELS } from "../../labels";

export function StatusBadge({ status }: { status: UnitStatus }) {
  return <span class={`badge status-${status}`}>{UNIT_STATUS_LABELS[status]}</span>;
}
