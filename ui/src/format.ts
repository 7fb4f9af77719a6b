// How figures, dates and deadlines read in Vietnamese. Presentation only:
// parsing and every rule stay in the core.

/**
 * A figure the vi-VN way, exactly as the core's `format_vi`: decimal comma,
 * no thousands grouping, no trailing zeros (86.97 → "86,97", 85 → "85"), at
 * most the 15 significant digits a cell shows (91.29999999999998 → "91,3").
 */
export function formatVi(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  value = Number(value.toPrecision(15));
  if (Object.is(value, -0)) value = 0;
  let text = String(value);
  if (/e/i.test(text)) text = expandExponent(text);
  return text.replace(".", ",");
}

/** "1e-7" → "0.0000001", "1.5e21" → "1500000000000000000000". */
function expandExponent(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(text);
  if (!m) return text;
  const [, sign, int, frac = "", expText] = m;
  const exp = Number(expText);
  const digits = int + frac;
  const point = int.length + exp;
  let out: string;
  if (point <= 0) out = "0." + "0".repeat(-point) + digits;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = digits.slice(0, point) + "." + digits.slice(point);
  return sign + out;
}

/** A figure as shown in a cell: the value the vi-VN way, or the text as typed when it does not parse. */
export function displayFigure(value: number | null, raw: string): string {
  return value === null ? raw : formatVi(value);
}

/** "còn 4 ngày", "hạn chót hôm nay", "quá hạn 3 ngày" (the core: zero or less is overdue; the deadline day itself is one day late). */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft > 0) return `còn ${daysLeft} ngày`;
  return `quá hạn ${1 - daysLeft} ngày`;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A stored instant (RFC 3339, UTC) in the machine's local time, as the
 * "Đã lưu lúc" beside it: "2024-07-01T03:00:00Z" → "01/07/2024 10:00" at UTC+7.
 */
export function localDateTime(at: string): string {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return at;
  const d = new Date(t);
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "2024-07-01" → "01/07/2024". */
export function vnDate(isoDay: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDay;
}

/** Folds Vietnamese text for matching as you type: no diacritics, lower case, đ → d. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "d")
    .toLowerCase()
    .trim();
}

/** Short period label for charts: "2024-Q2" → "Q2/2024", "2024" → "Năm 2024". */
export function shortPeriod(period: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  return m ? `Q${m[2]}/${m[1]}` : `Năm ${period}`;
}

/** A byte count as people read it: "12,5 KB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte`;
  if (bytes < 1024 * 1024) return `${formatVi(Math.round((bytes / 1024) * 10) / 10)} KB`;
  return `${formatVi(Math.round((bytes / 1048576) * 10) / 10)} MB`;
}

/** "2024-Q2" → "Quý II năm 2024", "2024" → "Năm 2024" (as the core's label_vi). */
export function periodLabel(period: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!m) return /^\d{4}$/.test(period) ? `Năm ${period}` : period;
  return `Quý ${["I", "II", "III", "IV"][Number(m[2]) - 1]} năm ${m[1]}`;
}
