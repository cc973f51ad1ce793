// Drill-down: a region's settlements of a period (with one counterparty when one is named), paged by the server,
// then one settlement with its line items, visit detail and events.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { el, facts } from '../dom.js';
import { yuan, percent } from '../money.js';
import { chinaTime, previousPeriod } from '../time.js';
import { tableSection, pager } from '../table.js';
import { href, problem } from '../app.js';
import { periodRegionForm } from './statement.js';
import { ownRegion } from '../caller.js';

const PAGE_SIZE = 50;

export async function settlementsPage({ params }) {
  const period = params.period || (await api.currentPeriod()).period;
  const region = params.region || (await ownRegion());
  const counterparty = params.counterparty ?? '';
  const tokens = params.tokens ? params.tokens.split(',') : [''];
  const heading = counterparty ? t('settlements.heading', { region, counterparty, period }) : t('settlements.headingAll', { region, period });
  const page = el('div', { class: 'page' }, el('h1', {}, heading), periodRegionForm('settlements', period, region));
  if (!region) return page;
  try {
    // The server filters by counterparty (and pages), so one console page is one server page.
    const answer = await api.settlements(region, period, counterparty, PAGE_SIZE, tokens[tokens.length - 1]);
    const rows = answer.settlements;
    page.append(tableSection({
      id: 'settlements', caption: heading, fileName: `settlements-${region}-${period}`,
      columns: [
        { title: t('settlements.id'), kind: 'text', link: (row) => href('settlement', {}, row[0]) },
        { title: t('settlements.insured'), kind: 'text' },
        { title: t('settlements.care'), kind: 'text' },
        { title: t('settlements.total'), kind: 'money' },
        { title: t('settlements.fund'), kind: 'money' },
        { title: t('settlements.account'), kind: 'money' },
        { title: t('settlement.reversed'), kind: 'text' },
        { title: t('settlements.acceptedAt'), kind: 'text' },
      ],
      rows: rows.map((s) => [s.settlementId, s.insuredRegionCode, s.careRegionCode, s.totalFen, s.fundPayFen, s.accountPayFen,
        s.reversed ? t('yes') : t('no'), chinaTime(s.acceptedAt)]),
    }));
    page.append(pager({
      tokens, nextToken: answer.nextPageToken,
      onPage: (nextTokens) => { location.hash = href('settlements', { region, period, counterparty, tokens: nextTokens.join(',') }); },
    }));
  } catch (error) {
    page.append(problem(error));
  }
  return page;
}

export async function settlementPage({ segments }) {
  const id = segments[0] ?? '';
  const s = await api.settlement(id);
  const page = el('div', { class: 'page' }, el('h1', {}, t('settlement.heading', { id })));
  page.append(el('h2', {}, t('settlement.fields')), facts([
    [t('period'), el('a', { href: href('statement', { period: s.period, region: s.careRegionCode }) }, s.period)],
    [t('settlement.person'), s.personId],
    [t('settlements.insured'), s.insuredRegionCode],
    [t('settlements.care'), s.careRegionCode],
    [t('settlement.hospital'), s.hospitalCode],
    [t('settlement.serviceDate'), s.serviceDate],
    [t('settlements.total'), yuan(s.totalFen)],
    [t('settlement.selfPay'), yuan(s.selfPayCFen)],
    [t('settlement.copay'), yuan(s.copayBFen)],
    [t('settlement.deductible'), yuan(s.deductibleFen)],
    [t('settlement.ratio'), percent(s.ratioBp)],
    [t('settlements.fund'), yuan(s.fundPayFen)],
    [t('settlements.account'), yuan(s.accountPayFen)],
    [t('settlement.cash'), yuan(s.cashPayFen)],
    [t('settlement.reversed'), s.reversed ? t('yes') : t('no')],
    [t('settlements.acceptedAt'), chinaTime(s.acceptedAt)],
  ]));
  page.append(el('h2', {}, t('settlement.items')));
  const items = s.items ?? [];
  if (items.length === 0) {
    page.append(el('p', {}, t('settlement.itemsNone')));
  } else {
    page.append(lineItemsTable('settlement-items', t('settlement.items'), `settlement-${id}-items`, items));
  }
  if (s.visit) {
    page.append(el('h2', {}, t('settlement.visit')), facts(Object.entries(s.visit).map(([key, value]) => [key, String(value)])));
  }
  page.append(el('h2', {}, t('settlement.events')), await events(s));
  return page;
}

/** A settlement's line items as a table (here and on a flag's page), unit prices and amounts in yuan. */
export function lineItemsTable(id, caption, fileName, items) {
  return tableSection({
    id, caption, fileName,
    columns: [
      { title: t('settlement.code'), kind: 'text' },
      { title: t('settlement.name'), kind: 'text' },
      { title: t('settlement.category'), kind: 'text' },
      { title: t('settlement.quantity'), kind: 'count' },
      { title: t('settlement.unitPrice'), kind: 'money' },
      { title: t('amount'), kind: 'money' },
    ],
    rows: items.map((i) => [i.code, i.name, (i.category ?? '').replace('ITEM_CATEGORY_', ''), i.quantity, i.unitPriceFen ?? '0', i.amountFen]),
  });
}

/** The audit trail's actions on this settlement (its acceptance and any reversal): officers read the trail. */
async function events(s) {
  try {
    const { actions } = await api.actions({ regionCode: s.careRegionCode, pageSize: 500 });
    const own = actions.filter((a) => a.requestId === s.requestId || (s.reversalId && a.stream && a.eventKind === 'settlement_reversed' && a.stream === streamOf(actions, s)));
    return tableSection({
      id: 'settlement-events', caption: t('settlement.events'), fileName: `settlement-${s.settlementId}-events`,
      columns: [{ title: t('settlement.at'), kind: 'text' }, { title: t('settlement.kind'), kind: 'text' }, { title: t('settlement.actor'), kind: 'text' }],
      rows: own.map((a) => [chinaTime(a.acceptedAt), a.eventKind, a.actor]),
    });
  } catch (error) {
    return problem(error);
  }
}

function streamOf(actions, s) {
  return actions.find((a) => a.requestId === s.requestId)?.stream;
}
