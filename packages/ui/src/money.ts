/**
 * Money in the UI: integer fen in, "1,234.56" yuan out; yuan typed by a person in, integer fen
 * out — parsed from the decimal string with integer math, never through floating point.
 */
export function formatFen(fen: number | null | undefined): string {
  if (fen == null) return '—';
  const negative = fen < 0;
  const abs = BigInt(Math.abs(Math.trunc(fen)));
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${yuan}.${cents}`;
}

/** "1,234.5" / "1234.56" / "￥1234" → 123450 / 123456 / 123400 fen; null when not a positive amount with ≤ 2 decimals. */
export function parseYuanToFen(text: string | null | undefined): number | null {
  if (text == null) return null;
  const cleaned = String(text)
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥]/, '');
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!match) return null;
  const fen = BigInt(match[1] as string) * 100n + BigInt((match[2] ?? '').padEnd(2, '0') || '0');
  if (fen <= 0n || fen > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(fen);
}

/** Basis points (10000 = 100 %) → "55.00%". */
export function formatBasisPoints(bp: number | null | undefined): string {
  if (bp == null) return '—';
  // The sign is written once, from the whole value: −50 bp is "-0.50%", whose integer part is 0.
  const sign = bp < 0 ? '-' : '';
  const magnitude = Math.abs(bp);
  return `${sign}${Math.trunc(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}%`;
}

/** "60" / "60.5" / "60.25" percent → basis points with integer math; null when not 0–100 with ≤ 2 decimals. */
export function parsePercentToBasisPoints(text: string | null | undefined): number | null {
  if (text == null) return null;
  const match = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(
    String(text)
      .trim()
      .replace(/[%％]$/, ''),
  );
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0') || '0');
  return bp <= 10_000 ? bp : null;
}

/** A fresh idempotency key (works on plain http too, where crypto.randomUUID is missing). */
export function newIdempotencyKey(prefix: string): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
