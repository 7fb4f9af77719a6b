// Reading a block copied from Excel (or LibreOffice): cells separated by
// tabs, rows by newlines; a cell holding a tab, a newline or a quote comes
// quoted, with quotes doubled.

/** The rows and cells of a copied block. A trailing newline adds no row. */
export function parseClipboard(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  const n = text.length;
  let atCellStart = true;
  while (i < n) {
    const c = text[i];
    if (atCellStart && c === '"') {
      // Quoted cell: up to the closing quote not doubled.
      let j = i + 1;
      let value = "";
      let closed = false;
      while (j < n) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j += 1;
          break;
        }
        value += text[j];
        j += 1;
      }
      const next = text[j];
      if (closed && (j >= n || next === "\t" || next === "\n" || next === "\r")) {
        cell = value;
        i = j;
        atCellStart = false;
        continue;
      }
      // Not a well-formed quoted cell: take the quote literally.
    }
    atCellStart = false;
    if (c === "\t") {
      row.push(cell);
      cell = "";
      atCellStart = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      atCellStart = true;
    } else {
      cell += c;
    }
    i += 1;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Whether a pasted text is a block (several cells) rather than one value. */
export function isBlock(text: string): boolean {
  const rows = parseClipboard(text);
  return rows.length > 1 || (rows.length === 1 && rows[0].length > 1);
}
