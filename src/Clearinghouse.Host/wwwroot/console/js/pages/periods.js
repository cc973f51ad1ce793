// Periods: the open period's live position (every region's figures so far, the obligations between regions),
// the regions under the top-up threshold at the last close, the closed periods with gross, net and netting
// efficiency, and closing the open period (officers).
import { api, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { el, facts } from '../dom.js';
import { yuan, percent } from '../money.js';
import { chinaTime, previousPeriod, requestId } from '../time.js';
import { tableSection } from '../table.js';
import { grossNetChart, heatMap, HEAT_MAP_REGIONS } from '../charts.js';
import { href, problem, announce } from '../app.js';

const HISTORY = 12;

export async function periodsPage() {
  const { period } = await api.currentPeriod();
  // The overview sums the open period's ledger (seconds at a million settlements): the closed periods and the
  // last close's top-ups are read meanwhile, not after it.
  const earlier = closedPeriods(period).then(async (closed) => {
    const latest = closed.find((p) => p.state === 'PERIOD_STATE_CLOSED');
    return { closed, topUp: latest ? await topUps(latest.period) : null };
  });
  const [overview, { closed, topUp }] = await Promise.all([api.overview(HEAT_MAP_REGIONS).catch((e) => e), earlier]);
  const page = el('div', { class: 'page' }, el('h1', {}, t('periods.heading')));

  page.append(el('h2', {}, t('periods.open', { period })));
  if (overview instanceof Error) {
    page.append(problem(overview));
  } else {
    page.append(openPeriod(overview));
  }
  page.append(closeForm(period));

  if (topUp) page.append(topUp);

  page.append(el('h2', {}, t('periods.closed')));
  if (closed.length === 0) {
    page.append(el('p', {}, t('periods.noClosed')));
  } else {
    const history = [...closed].reverse();
    page.append(grossNetChart({ title: t('periods.chart'), periods: history, grossLabel: t('periods.chartGross'), netLabel: t('periods.chartNet') }));
    page.append(tableSection({
      id: 'closed-periods', caption: t('periods.closed'), fileName: 'periods', sortable: true,
      columns: [
        { title: t('period'), kind: 'text', link: (row) => href('transfers', { period: row[0] }) },
        { title: t('periods.state'), kind: 'text' },
        { title: t('periods.gross'), kind: 'money' },
        { title: t('periods.netTotal'), kind: 'money' },
        { title: t('periods.efficiency'), kind: 'text' },
        { title: t('periods.regionCount'), kind: 'count' },
        { title: t('settlements'), kind: 'count' },
        { title: t('reversals'), kind: 'count' },
      ],
      rows: closed.map((p) => [p.period, t(`state.${p.state}`), p.grossTotalFen, p.netTotalFen, percent(p.nettingEfficiencyBp),
        p.regionCount, p.settlementCount, p.reversalCount]),
    }));
  }
  return page;
}

/** The periods before the open one, newest first, as far back as they exist (at most a year). */
async function closedPeriods(open) {
  const periods = [];
  let period = previousPeriod(open);
  for (let i = 0; i < HISTORY; i++, period = previousPeriod(period)) {
    try {
      periods.push(await api.periodSummary(period));
    } catch (error) {
      if (error instanceof ApiError && error.httpStatus === 404) break;
      throw error;
    }
  }
  return periods;
}

function openPeriod(o) {
  const section = el('section', { 'aria-labelledby': 'open-facts' },
    el('p', { id: 'open-facts', class: 'as-of' }, t('periods.asOf', { time: chinaTime(o.asOf) })),
    facts([
      [t('settlements'), o.settlementCount],
      [t('reversals'), o.reversalCount],
      [t('periods.gross'), yuan(o.grossTotalFen)],
      [t('periods.netTotal'), yuan(o.netTotalFen)],
      [t('periods.efficiency'), percent(o.nettingEfficiencyBp)],
      [t('periods.regionCount'), o.regionCount],
    ]));
  section.append(tableSection({
    id: 'open-positions', caption: t('periods.positions'), fileName: `positions-${o.period}`, sortable: true,
    columns: [
      { title: t('region'), kind: 'text', link: (row) => href('settlements', { region: row[0], period: o.period }) },
      { title: t('receivable'), kind: 'money' },
      { title: t('payable'), kind: 'money' },
      { title: t('net'), kind: 'money' },
      { title: t('periods.balance'), kind: 'money' },
      { title: t('periods.drawn'), kind: 'money' },
      { title: t('periods.due'), kind: 'money' },
    ],
    rows: o.regions.map((r) => [r.regionCode, r.receivableTotalFen, r.payableTotalFen, r.netFen, r.prepaymentBalanceFen,
      r.prospectivePrepaymentDrawnFen, r.prospectiveAmountDueFen]),
  }));
  if (o.pairs.length > 0) {
    section.append(el('div', { class: 'scroll' }, heatMap({ caption: t('periods.heatmap', { n: HEAT_MAP_REGIONS }), corner: t('periods.heatmapInsured'), pairs: o.pairs })));
  }
  return section;
}

async function topUps(period) {
  const statements = [];
  let token = '';
  do {
    const page = await api.statements(period, 100, token);
    statements.push(...page.statements);
    token = page.nextPageToken;
  } while (token);
  const short = statements.filter((s) => s.topUpNotice);
  const heading = t('periods.topUp', { period });
  if (short.length === 0) return el('section', {}, el('h2', {}, heading), el('p', {}, t('periods.topUpNone')));
  return el('section', {}, el('h2', {}, heading), tableSection({
    id: 'top-ups', caption: heading, fileName: `top-ups-${period}`, sortable: true,
    columns: [
      { title: t('region'), kind: 'text', link: (row) => href('statement', { period, region: row[0] }) },
      { title: t('periods.balance'), kind: 'money' },
      { title: t('periods.threshold'), kind: 'money' },
      { title: t('periods.shortfall'), kind: 'money' },
    ],
    rows: short.map((s) => [s.regionCode, s.topUpNotice.balanceFen, s.topUpNotice.thresholdFen, s.topUpNotice.shortfallFen]),
  }));
}

function closeForm(period) {
  const result = el('div', { id: 'close-result', 'aria-live': 'polite' });
  const force = el('input', { type: 'checkbox', id: 'close-force' });
  const button = el('button', { type: 'submit', id: 'close-period', class: 'primary' }, t('periods.close', { period }));
  const form = el('form', { class: 'close-form', 'aria-labelledby': 'close-period' },
    el('div', { class: 'check' }, force, el('label', { for: 'close-force' }, t('periods.force'))),
    button, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    announce(t('periods.closing', { period }));
    try {
      const summary = await api.closePeriod(period, requestId('close'), force.checked);
      const text = t('periods.closedSummary', {
        period: summary.period, gross: yuan(summary.grossTotalFen), net: yuan(summary.netTotalFen),
        efficiency: percent(summary.nettingEfficiencyBp), next: summary.nextPeriod,
      });
      result.replaceChildren(el('p', { class: 'success', id: 'close-summary' }, text),
        el('p', {}, el('a', { href: href('transfers', { period: summary.period }) }, t('transfers.heading', { period: summary.period }))));
      announce(text);
    } catch (error) {
      result.replaceChildren(problem(error));
      button.disabled = false;
    }
  });
  return form;
}
