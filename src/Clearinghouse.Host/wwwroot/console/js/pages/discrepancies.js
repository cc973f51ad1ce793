// The discrepancy queue of a care region by status (and business day), paged by the server; resolving one with
// a note (officers); each one's history from its record.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { el } from '../dom.js';
import { chinaTime, requestId } from '../time.js';
import { tableSection, pager } from '../table.js';
import { href, problem, announce } from '../app.js';
import { ownRegion } from '../caller.js';

const PAGE_SIZE = 50;
const STATUSES = ['DISCREPANCY_STATUS_OPEN', 'DISCREPANCY_STATUS_RESOLVED', 'DISCREPANCY_STATUS_SUPERSEDED'];
const RESOLUTIONS = ['DISCREPANCY_RESOLUTION_ACCEPT_CLEARINGHOUSE', 'DISCREPANCY_RESOLUTION_REVERSED', 'DISCREPANCY_RESOLUTION_WRITTEN_OFF'];

export async function discrepanciesPage({ params }) {
  const region = params.region || (await ownRegion());
  const status = STATUSES.includes(params.status) ? params.status : STATUSES[0];
  const day = params.day ?? '';
  const tokens = params.tokens ? params.tokens.split(',') : [''];
  const page = el('div', { class: 'page' }, el('h1', {}, t('discrepancies.heading')), queryForm(region, status, day));
  if (!region) return page;
  try {
    const answer = await api.discrepancies(region, status, day, PAGE_SIZE, tokens[tokens.length - 1]);
    const rows = answer.discrepancies;
    const caption = t('discrepancies.title', { region, status: t(`dstatus.${status}`) });
    page.append(tableSection({
      id: 'discrepancies', caption, fileName: `discrepancies-${region}`,
      columns: [
        { title: t('discrepancies.businessDate'), kind: 'text' },
        { title: t('discrepancies.kind'), kind: 'text' },
        { title: t('discrepancies.requestId'), kind: 'text' },
        { title: t('discrepancies.regionAmount'), kind: 'money' },
        { title: t('discrepancies.ledgerAmount'), kind: 'money' },
        { title: t('status'), kind: 'text' },
      ],
      rows: rows.map((d) => [d.businessDate, t(`dkind.${d.kind}`), d.requestId,
        (BigInt(d.regionFundPayFen) + BigInt(d.regionAccountPayFen)).toString(),
        (BigInt(d.clearinghouseFundPayFen) + BigInt(d.clearinghouseAccountPayFen)).toString(), t(`dstatus.${d.status}`)]),
    }));
    page.append(pager({ tokens, nextToken: answer.nextPageToken, onPage: (next) => { location.hash = href('discrepancies', { region, status, day, tokens: next.join(',') }); } }));
    for (const d of rows) page.append(detail(d));
  } catch (error) {
    page.append(problem(error));
  }
  return page;
}

function queryForm(region, status, day) {
  const regionInput = el('input', { id: 'discrepancy-region', value: region, pattern: '\\d{6}', required: true, size: 8, inputmode: 'numeric' });
  const statusSelect = el('select', { id: 'discrepancy-status' },
    ...STATUSES.map((s) => el('option', { value: s, selected: s === status }, t(`dstatus.${s}`))));
  const dayInput = el('input', { id: 'discrepancy-day', type: 'date', value: day });
  const form = el('form', { class: 'query' },
    el('label', { for: 'discrepancy-region' }, t('region')), regionInput,
    el('label', { for: 'discrepancy-status' }, t('status')), statusSelect,
    el('label', { for: 'discrepancy-day' }, t('discrepancies.businessDate')), dayInput,
    el('button', { type: 'submit' }, t('show')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = href('discrepancies', { region: regionInput.value, status: statusSelect.value, day: dayInput.value });
  });
  return form;
}

/** One discrepancy: its history and, while open, the form that resolves it. */
function detail(d) {
  const id = d.discrepancyId;
  const history = el('ol', { class: 'history' },
    el('li', {}, t('discrepancies.found', { reconciliation: d.reconciliationId, date: d.businessDate })));
  if (d.status === 'DISCREPANCY_STATUS_RESOLVED') {
    history.append(el('li', {}, t('discrepancies.resolvedBy', {
      time: chinaTime(d.resolvedAt), officer: d.officer, resolution: t(`resolution.${d.resolution}`), note: d.note,
    })));
  }
  const section = el('section', { class: 'discrepancy', 'aria-labelledby': `d-${id}` },
    el('h2', { id: `d-${id}` }, `${d.requestId} · ${t(`dkind.${d.kind}`)}`),
    el('h3', {}, t('discrepancies.history')), history);
  if (d.status !== 'DISCREPANCY_STATUS_OPEN') return section;

  const resolution = el('select', { id: `resolution-${id}` }, ...RESOLUTIONS.map((r) => el('option', { value: r }, t(`resolution.${r}`))));
  const note = el('textarea', { id: `note-${id}`, rows: 2, cols: 40, required: true, maxlength: 500 });
  const result = el('div', { 'aria-live': 'polite' });
  const submit = el('button', { type: 'submit', class: 'primary' }, t('discrepancies.submit'));
  const form = el('form', { class: 'resolve', 'data-discrepancy': id },
    el('label', { for: `resolution-${id}` }, t('discrepancies.resolution')), resolution,
    el('label', { for: `note-${id}` }, t('discrepancies.note')), note,
    submit, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const resolved = await api.resolveDiscrepancy(id, requestId('resolve'), resolution.value, note.value);
      const text = t('discrepancies.resolved', { id: resolved.requestId });
      result.replaceChildren(el('p', { class: 'success', id: `resolved-${id}` }, text));
      history.append(el('li', {}, t('discrepancies.resolvedBy', {
        time: chinaTime(resolved.resolvedAt), officer: resolved.officer, resolution: t(`resolution.${resolved.resolution}`), note: resolved.note,
      })));
      announce(text);
    } catch (error) {
      result.replaceChildren(problem(error));
      submit.disabled = false;
    }
  });
  section.append(el('h3', {}, t('discrepancies.resolve')), form);
  return section;
}
