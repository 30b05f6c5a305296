/** One cell of an export: text, number, or empty. */
export type ExportCell = string | number | boolean | null | undefined;

function csvCell(value: ExportCell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quote always; double the quotes. A leading = + - @ is prefixed so Excel never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value !== 'number' ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * CSV that Excel (zh-CN Windows included) opens with the right characters: UTF-8 with a BOM,
 * CRLF line ends, every cell quoted, formula-looking text neutralised.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly ExportCell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Saves a Blob as a file through a temporary link (works for server-made xlsx too). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A base64 payload (e.g. an xlsx returned by a procedure) → download. */
export function downloadBase64(base64: string, fileName: string, type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'): void {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  downloadBlob(new Blob([bytes], { type }), fileName);
}

export function datedFileName(base: string, extension: string, now = new Date()): string {
  const date = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `${base}-${date}.${extension}`;
}
