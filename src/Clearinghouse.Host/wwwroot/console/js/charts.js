// Charts drawn as inline SVG and HTML from the API's figures; each has a text alternative and the same figures
// are in a table beside it.
import { el } from './dom.js';
import { fen, yuan } from './money.js';

/** Grouped bars of gross and net by period. Heights are scaled by BigInt arithmetic to whole pixels. */
export function grossNetChart({ title, periods, grossLabel, netLabel }) {
  const height = 160, bar = 18, gap = 14, left = 8, top = 10;
  const max = periods.reduce((m, p) => (fen(p.grossTotalFen) > m ? fen(p.grossTotalFen) : m), 1n);
  const scale = (value) => Number((fen(value) * BigInt(height)) / max);
  const width = left + periods.length * (2 * bar + gap) + 160;
  const description = periods.map((p) => `${p.period}: ${grossLabel} ${yuan(p.grossTotalFen)}, ${netLabel} ${yuan(p.netTotalFen)}`).join('; ');
  const svg = el('svg', { viewBox: `0 0 ${width} ${height + top + 30}`, width, height: height + top + 30, role: 'img', 'aria-labelledby': 'chart-title chart-desc', class: 'chart' },
    el('title', { id: 'chart-title' }, title),
    el('desc', { id: 'chart-desc' }, description),
    ...periods.flatMap((p, i) => {
      const x = left + i * (2 * bar + gap);
      const g = scale(p.grossTotalFen), n = scale(p.netTotalFen);
      return [
        el('rect', { x, y: top + height - g, width: bar, height: g, class: 'gross' }),
        el('rect', { x: x + bar, y: top + height - n, width: bar, height: n, class: 'net' }),
        el('text', { x, y: top + height + 16, class: 'axis' }, p.period),
      ];
    }),
    el('rect', { x: width - 150, y: top, width: 12, height: 12, class: 'gross' }),
    el('text', { x: width - 132, y: top + 11, class: 'axis' }, grossLabel),
    el('rect', { x: width - 150, y: top + 20, width: 12, height: 12, class: 'net' }),
    el('text', { x: width - 132, y: top + 31, class: 'axis' }, netLabel));
  return el('figure', { class: 'chart-figure' }, svg, el('figcaption', {}, title));
}

/** The heat map shows at most this many regions: those with the largest obligations, in and out. */
export const HEAT_MAP_REGIONS = 20;

/**
 * Region × region obligations as a table whose cells are shaded by size (insured rows, care columns). With
 * more regions than HEAT_MAP_REGIONS, the regions with the largest obligations (payable and receivable) are shown.
 */
export function heatMap({ caption, corner, pairs }) {
  const involvement = new Map();
  for (const p of pairs) {
    const g = fen(p.grossFen) < 0n ? -fen(p.grossFen) : fen(p.grossFen);
    for (const r of [p.insuredRegionCode, p.careRegionCode]) involvement.set(r, (involvement.get(r) ?? 0n) + g);
  }
  const regions = [...involvement.entries()]
    .sort(([a, x], [b, y]) => (x > y ? -1 : x < y ? 1 : a.localeCompare(b)))
    .slice(0, HEAT_MAP_REGIONS).map(([r]) => r).sort();
  const gross = new Map(pairs.map((p) => [`${p.insuredRegionCode}>${p.careRegionCode}`, fen(p.grossFen)]));
  const max = [...gross.values()].reduce((m, v) => (v > m ? v : m), 1n);
  // Lightness 97% (nothing) down to 62% (the largest): dark text stays readable on every shade.
  const shade = (value) => `hsl(24, 85%, ${97 - Number((value < 0n ? 0n : value) * 35n / max)}%)`;
  return el('table', { class: 'heatmap', id: 'heatmap' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, corner), ...regions.map((r) => el('th', { scope: 'col' }, r)))),
    el('tbody', {}, ...regions.map((insured) => el('tr', {},
      el('th', { scope: 'row' }, insured),
      ...regions.map((care) => {
        const value = gross.get(`${insured}>${care}`);
        const td = el('td', { class: 'num' }, value === undefined ? '' : yuan(value));
        // Through the CSSOM, which the console's Content-Security-Policy allows (a style attribute it does not).
        if (value !== undefined) td.style.background = shade(value);
        return td;
      })))));
}
