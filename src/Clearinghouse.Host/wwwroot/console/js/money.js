// Money arrives as fen in int64 JSON strings; it is shown as yuan with two decimals by integer arithmetic on
// BigInt (fen / 100 and fen % 100), never through a floating-point number.

/** The fen of a JSON field: a string of digits (or a number for small values), as BigInt. */
export function fen(value) {
  if (value === undefined || value === null || value === '') return 0n;
  return BigInt(value);
}

/** "1,234,567.89" from 123456789 fen; "-0.05" from -5. */
export function yuan(value) {
  const f = fen(value);
  const negative = f < 0n;
  const magnitude = negative ? -f : f;
  const whole = (magnitude / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (magnitude % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${cents}`;
}

/** Yuan without separators, for CSV: "1234567.89". */
export function yuanPlain(value) {
  return yuan(value).replaceAll(',', '');
}

/** Basis points as a percentage with two decimals: 6523 → "65.23%". */
export function percent(bp) {
  const b = BigInt(bp ?? 0);
  return `${b / 100n}.${(b % 100n).toString().padStart(2, '0')}%`;
}
