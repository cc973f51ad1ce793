// The transfers of a closed period: prepayment draws, amounts due and payouts, pending or executed, with the
// bank's reference once executed.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { el } from '../dom.js';
import { chinaTime, previousPeriod } from '../time.js';
import { tableSection } from '../table.js';
import { href, problem } from '../app.js';

export function transferColumns() {
  return [
    { title: t('transfers.id'), kind: 'text' },
    { title: t('transfers.kind'), kind: 'text' },
    { title: t('transfers.from'), kind: 'text' },
    { title: t('transfers.to'), kind: 'text' },
    { title: t('amount'), kind: 'money' },
    { title: t('status'), kind: 'text' },
    { title: t('transfers.reference'), kind: 'text' },
    { title: t('transfers.executedAt'), kind: 'text' },
  ];
}

export function transferRow(x) {
  return [x.transferId, t(`kind.${x.kind}`), x.fromRegionCode, x.toRegionCode, x.amountFen, t(`transfer.${x.status}`),
    x.bankReference, chinaTime(x.executedAt)];
}

export async function transfersPage({ params }) {
  const period = params.period || previousPeriod((await api.currentPeriod()).period);
  const input = el('input', { id: 'transfers-period', value: period, pattern: '\\d{4}-\\d{2}', required: true, size: 8 });
  const form = el('form', { class: 'query' }, el('label', { for: 'transfers-period' }, t('period')), input, el('button', { type: 'submit' }, t('show')));
  form.addEventListener('submit', (event) => { event.preventDefault(); location.hash = href('transfers', { period: input.value }); });
  const heading = t('transfers.heading', { period });
  const page = el('div', { class: 'page' }, el('h1', {}, heading), form);
  try {
    const { transfers } = await api.transfers(period);
    page.append(tableSection({ id: 'transfers', caption: heading, fileName: `transfers-${period}`, columns: transferColumns(), rows: transfers.map(transferRow), sortable: true }));
  } catch (error) {
    page.append(problem(error));
  }
  return page;
}
