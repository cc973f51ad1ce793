// A region's statement of a closed period: counterparties with receivable, payable and net; what the prepayment
// covered and what is due; the top-up notice; confirming it (the region itself or an officer); its transfers.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { el, facts } from '../dom.js';
import { fen, yuan } from '../money.js';
import { chinaTime, previousPeriod, requestId } from '../time.js';
import { tableSection } from '../table.js';
import { href, problem, announce } from '../app.js';
import { transferColumns, transferRow } from './transfers.js';
import { ownRegion } from '../caller.js';

/** A form of period and region fields that navigates to the route with them. */
export function periodRegionForm(route, period, region, extra = []) {
  const periodInput = el('input', { id: 'form-period', name: 'period', value: period ?? '', pattern: '\\d{4}-\\d{2}', required: true, size: 8 });
  const regionInput = el('input', { id: 'form-region', name: 'region', value: region ?? '', pattern: '\\d{6}', required: true, size: 8, inputmode: 'numeric' });
  const form = el('form', { class: 'query' },
    el('label', { for: 'form-period' }, t('period')), periodInput,
    el('label', { for: 'form-region' }, t('region')), regionInput,
    ...extra,
    el('button', { type: 'submit' }, t('show')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = href(route, { period: periodInput.value, region: regionInput.value });
  });
  return form;
}

export async function statementPage({ params }) {
  const period = params.period || previousPeriod((await api.currentPeriod()).period);
  const region = params.region || (await ownRegion());
  const page = el('div', { class: 'page' }, el('h1', {}, t('statement.heading')), periodRegionForm('statement', period, region));
  if (!region) return page;
  let statement;
  try {
    statement = await api.statement(period, region);
  } catch (error) {
    page.append(problem(error));
    return page;
  }
  page.append(el('h2', { id: 'statement-title' }, t('statement.title', { region, period })));
  page.append(tableSection({
    id: 'statement-lines', caption: t('statement.lines'), fileName: `statement-${region}-${period}`, sortable: true,
    columns: [
      { title: t('counterparty'), kind: 'text', link: (row) => href('settlements', { region, period, counterparty: row[0] }) },
      { title: t('receivable'), kind: 'money' },
      { title: t('payable'), kind: 'money' },
      { title: t('net'), kind: 'money' },
      { title: t('settlements'), kind: 'count' },
      { title: t('reversals'), kind: 'count' },
    ],
    rows: statement.lines.map((l) => [l.counterpartyRegionCode, l.receivableFen, l.payableFen,
      (fen(l.receivableFen) - fen(l.payableFen)).toString(), l.settlementCount, l.reversalCount]),
    footer: [t('statement.totals'), statement.receivableTotalFen, statement.payableTotalFen, statement.netFen, '', ''],
  }));
  page.append(facts([
    [t('statement.drawn'), yuan(statement.prepaymentDrawnFen)],
    [t('statement.due'), yuan(statement.amountDueFen)],
    [t('statement.balance'), yuan(statement.prepaymentBalanceFen)],
    [t('status'), statement.confirmed ? t('statement.confirmed', { time: chinaTime(statement.confirmedAt) }) : t('statement.unconfirmed')],
  ]));
  if (statement.topUpNotice) {
    const n = statement.topUpNotice;
    page.append(el('p', { class: 'notice', id: 'top-up' },
      t('statement.topUp', { balance: yuan(n.balanceFen), threshold: yuan(n.thresholdFen), shortfall: yuan(n.shortfallFen) })));
  }
  if (!statement.confirmed) page.append(confirmButton(period, region));
  if (statement.transfers.length > 0) {
    page.append(el('h3', {}, t('statement.transfers')));
    page.append(tableSection({
      id: 'statement-transfers', caption: t('statement.transfers'), fileName: `transfers-${region}-${period}`,
      columns: transferColumns(), rows: statement.transfers.map(transferRow),
    }));
  }
  return page;
}

function confirmButton(period, region) {
  const result = el('div', { 'aria-live': 'polite' });
  const button = el('button', { type: 'button', id: 'confirm-statement', class: 'primary' }, t('statement.confirm'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api.confirmStatement(period, region, requestId('confirm'));
      result.replaceChildren(el('p', { class: 'success' }, t('statement.confirmedNow')));
      announce(t('statement.confirmedNow'));
    } catch (error) {
      result.replaceChildren(problem(error));
      button.disabled = false;
    }
  });
  return el('div', { class: 'actions' }, button, result);
}
