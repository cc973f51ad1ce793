// Fund supervision's flags (监管疑点): the queue filtered and paged by the server (ListFlags), one flag with its
// evidence and its settlements' line items (GetFlag), and resolving it with an outcome and a note (ResolveFlag,
// officers only: the access table refuses everyone else, so only an officer is offered the form).
import { api } from '../api.js';
import { t } from '../i18n.js';
import { el, facts } from '../dom.js';
import { yuan, percent } from '../money.js';
import { chinaTime, requestId } from '../time.js';
import { tableSection, pager } from '../table.js';
import { href, problem, announce } from '../app.js';
import { caller, ownRegion } from '../caller.js';
import { lineItemsTable } from './settlements.js';

const PAGE_SIZE = 50;
const RULES = ['overlapping_stays', 'quick_readmission', 'two_places_at_once', 'split_prescriptions', 'over_regulated_price', 'charged_twice', 'outliers'];
const STATUSES = ['FLAG_STATUS_OPEN', 'FLAG_STATUS_CONFIRMED', 'FLAG_STATUS_FALSE_POSITIVE'];
const ROLES = ['FLAG_REGION_ROLE_UNSPECIFIED', 'FLAG_REGION_ROLE_INSURED', 'FLAG_REGION_ROLE_CARE'];
const RESOLUTIONS = ['FLAG_RESOLUTION_CONFIRMED', 'FLAG_RESOLUTION_FALSE_POSITIVE'];

/** The filters as the route gives them; anything not one of the known values is left out. */
function filtersOf(params, own) {
  return {
    region: params.region ?? own,
    role: ROLES.includes(params.role) ? params.role : ROLES[0],
    hospital: params.hospital ?? '',
    rule: RULES.includes(params.rule) ? params.rule : '',
    // Open flags first: the queue an officer works through; "all" is an explicit choice.
    status: params.status === 'all' || STATUSES.includes(params.status) ? params.status : STATUSES[0],
    period: params.period ?? '',
  };
}

export async function flagsPage({ params }) {
  const filters = filtersOf(params, await ownRegion());
  const tokens = params.tokens ? params.tokens.split(',') : [''];
  const page = el('div', { class: 'page' }, el('h1', {}, t('flags.heading')), queryForm(filters));
  try {
    const answer = await api.flags({
      regionCode: filters.region,
      regionRole: filters.region && filters.role !== ROLES[0] ? filters.role : '',
      hospitalCode: filters.hospital,
      ruleId: filters.rule,
      status: filters.status === 'all' ? '' : filters.status,
      period: filters.period,
      pageSize: PAGE_SIZE,
      pageToken: tokens[tokens.length - 1],
    });
    const flags = answer.flags ?? [];
    const caption = filters.region
      ? t('flags.titleRegion', { region: filters.region, status: statusLabel(filters.status) })
      : t('flags.title', { status: statusLabel(filters.status) });
    page.append(tableSection({
      id: 'flags', caption, fileName: `flags${filters.region ? `-${filters.region}` : ''}`,
      columns: [
        { title: t('flags.id'), kind: 'text', link: (row) => href('flag', {}, row[0]) },
        { title: t('flags.rule'), kind: 'text' },
        { title: t('flags.severity'), kind: 'text' },
        { title: t('settlements.insured'), kind: 'text' },
        { title: t('flags.careRegions'), kind: 'text' },
        { title: t('settlement.hospital'), kind: 'text' },
        { title: t('settlement.person'), kind: 'text' },
        { title: t('period'), kind: 'text' },
        { title: t('flags.settlementCount'), kind: 'count' },
        { title: t('flags.flaggedAt'), kind: 'text' },
        { title: t('status'), kind: 'text' },
      ],
      rows: flags.map((f) => [f.flagId, t(`rule.${f.ruleId}`), t(`severity.${f.severity}`), f.insuredRegionCode,
        (f.careRegionCodes?.length ? f.careRegionCodes : [f.careRegionCode]).join(' '), f.hospitalCode, f.personId, f.period,
        String(f.settlementIds?.length ?? 0), chinaTime(f.flaggedAt), t(`fstatus.${f.status}`)]),
    }));
    page.append(pager({ tokens, nextToken: answer.nextPageToken, onPage: (next) => { location.hash = href('flags', { ...filters, tokens: next.join(',') }); } }));
  } catch (error) {
    page.append(problem(error));
  }
  return page;
}

function statusLabel(status) {
  return status === 'all' ? t('flags.allStatuses') : t(`fstatus.${status}`);
}

function queryForm(filters) {
  const input = (id, value, extra = {}) => el('input', { id, value, ...extra });
  const region = input('flag-region', filters.region, { pattern: '\\d{6}', size: 8, inputmode: 'numeric' });
  const role = el('select', { id: 'flag-role' }, ...ROLES.map((r) => el('option', { value: r, selected: r === filters.role }, t(`frole.${r}`))));
  const hospital = input('flag-hospital', filters.hospital, { size: 12 });
  const rule = el('select', { id: 'flag-rule' },
    el('option', { value: '', selected: filters.rule === '' }, t('flags.allRules')),
    ...RULES.map((r) => el('option', { value: r, selected: r === filters.rule }, t(`rule.${r}`))));
  const status = el('select', { id: 'flag-status' },
    ...STATUSES.map((s) => el('option', { value: s, selected: s === filters.status }, t(`fstatus.${s}`))),
    el('option', { value: 'all', selected: filters.status === 'all' }, t('flags.allStatuses')));
  const period = input('flag-period', filters.period, { pattern: '\\d{4}-\\d{2}', size: 8, placeholder: 'YYYY-MM' });
  const form = el('form', { class: 'query' },
    el('label', { for: 'flag-region' }, t('region')), region,
    el('label', { for: 'flag-role' }, t('flags.role')), role,
    el('label', { for: 'flag-hospital' }, t('settlement.hospital')), hospital,
    el('label', { for: 'flag-rule' }, t('flags.rule')), rule,
    el('label', { for: 'flag-status' }, t('status')), status,
    el('label', { for: 'flag-period' }, t('period')), period,
    el('button', { type: 'submit' }, t('show')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = href('flags', {
      region: region.value, role: role.value === ROLES[0] ? '' : role.value, hospital: hospital.value, rule: rule.value, status: status.value, period: period.value,
    });
  });
  return form;
}

/** One flag: what it found, its evidence, each settlement it names with its line items, and (officers) the resolve form. */
export async function flagPage({ segments }) {
  const id = segments[0] ?? '';
  const page = el('div', { class: 'page' }, el('h1', {}, t('flag.heading', { id })));
  let detail, me;
  try {
    [detail, me] = await Promise.all([api.flag(id), caller()]);
  } catch (error) {
    // A region not party to the flag is refused (GetFlag checks the parties after loading it): said under the heading.
    page.append(problem(error));
    return page;
  }
  const f = detail.flag;
  const status = el('span', { id: 'flag-status-value' }, t(`fstatus.${f.status}`));
  page.append(el('h2', {}, t('flag.finding')), facts([
    [t('flags.rule'), `${t(`rule.${f.ruleId}`)} (${f.ruleId})`],
    [t('flags.severity'), t(`severity.${f.severity}`)],
    [t('status'), status],
    [t('settlements.insured'), f.insuredRegionCode],
    [t('flags.careRegions'), (f.careRegionCodes ?? [f.careRegionCode]).join(' ')],
    [t('settlement.hospital'), f.hospitalCode],
    [t('settlement.person'), f.personId],
    [t('period'), f.period],
    [t('flags.flaggedAt'), chinaTime(f.flaggedAt)],
    [t('flag.lineCodes'), (f.lineCodes ?? []).join(' ') || t('none')],
  ]));
  const history = el('ol', { class: 'history', id: 'flag-history' }, el('li', {}, t('flag.raised', { time: chinaTime(f.flaggedAt) })));
  if (f.status !== 'FLAG_STATUS_OPEN') history.append(resolvedItem(f));
  page.append(el('h2', {}, t('discrepancies.history')), history);

  page.append(el('h2', {}, t('flag.evidence')), tableSection({
    id: 'flag-evidence', caption: t('flag.evidence'), fileName: `flag-${id}-evidence`,
    columns: [{ title: t('flag.evidenceName'), kind: 'text' }, { title: t('flag.evidenceValue'), kind: 'text' }, { title: t('flag.evidenceUnit'), kind: 'text' }],
    rows: (f.evidence ?? []).map((e) => [e.name, evidenceValue(e), t(`unit.${e.unit}`)]),
  }));

  page.append(el('h2', {}, t('flag.settlements')));
  for (const s of detail.settlements ?? []) page.append(settlementSection(s));

  // Resolving is an officer's (AccessTable: ResolveFlag is Roles.Officer); a region reads the flag only.
  if (f.status === 'FLAG_STATUS_OPEN' && me?.role === 'ROLE_OFFICER') page.append(resolveForm(id, status, history));
  return page;
}

function resolvedItem(f) {
  return el('li', {}, t('flag.resolvedBy', {
    time: chinaTime(f.resolvedAt), officer: f.officer, resolution: t(`fstatus.${f.status}`), note: f.note || t('none'),
  }), f.reversalRequested ? ` ${t('flag.reversalRequested')}` : '');
}

/** A figure of the evidence in its unit: fen as yuan (BigInt), basis points as a percentage, dates and codes as text. */
function evidenceValue(e) {
  if (e.date) return e.date;
  if (e.text) return e.text;
  if (e.unit === 'fen') return yuan(e.number ?? '0');
  if (e.unit === 'basis_points') return percent(e.number ?? '0');
  return String(e.number ?? '0');
}

function settlementSection(s) {
  const headingId = `flag-settlement-${s.settlementId}`;
  const section = el('section', { class: 'flag-settlement', 'aria-labelledby': headingId },
    el('h3', { id: headingId }, el('a', { href: href('settlement', {}, s.settlementId) }, t('settlement.heading', { id: s.settlementId }))),
    facts([
      [t('settlements.care'), s.careRegionCode],
      [t('settlement.hospital'), s.hospitalCode],
      [t('settlement.serviceDate'), s.serviceDate],
      [t('settlements.total'), yuan(s.totalFen)],
      [t('settlements.fund'), yuan(s.fundPayFen)],
      [t('settlement.reversed'), s.reversed ? t('yes') : t('no')],
      [t('settlements.acceptedAt'), chinaTime(s.acceptedAt)],
    ]));
  const items = s.items ?? [];
  if (items.length === 0) {
    section.append(el('p', {}, t('settlement.itemsNone')));
  } else {
    section.append(lineItemsTable(`flag-items-${s.settlementId}`, t('flag.items', { id: s.settlementId }), `flag-settlement-${s.settlementId}-items`, items));
  }
  if (s.visit) section.append(facts(Object.entries(s.visit).map(([key, value]) => [key, String(value)])));
  return section;
}

function resolveForm(id, status, history) {
  const outcome = el('select', { id: 'flag-resolution' }, ...RESOLUTIONS.map((r) => el('option', { value: r }, t(`fresolution.${r}`))));
  const reversal = el('input', { id: 'flag-reversal', type: 'checkbox' });
  const note = el('textarea', { id: 'flag-note', rows: 2, cols: 40, required: true, maxlength: 500 });
  const result = el('div', { 'aria-live': 'polite' });
  const submit = el('button', { type: 'submit', class: 'primary' }, t('flag.submit'));
  // Only a confirmed flag may ask the care region to reverse (the API refuses it otherwise).
  outcome.addEventListener('change', () => {
    reversal.disabled = outcome.value !== 'FLAG_RESOLUTION_CONFIRMED';
    if (reversal.disabled) reversal.checked = false;
  });
  const form = el('form', { class: 'resolve', id: 'flag-resolve' },
    el('label', { for: 'flag-resolution' }, t('flag.outcome')), outcome,
    el('span', { class: 'check' }, reversal, el('label', { for: 'flag-reversal' }, t('flag.requestReversal'))),
    el('label', { for: 'flag-note' }, t('discrepancies.note')), note,
    submit, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const resolved = await api.resolveFlag(id, requestId('resolve-flag'), outcome.value, note.value, reversal.checked);
      const text = t('flag.resolved', { id, status: t(`fstatus.${resolved.status}`) });
      status.textContent = t(`fstatus.${resolved.status}`);
      history.append(resolvedItem(resolved));
      form.replaceWith(el('p', { class: 'success', id: 'flag-resolved' }, text));
      announce(text);
    } catch (error) {
      result.replaceChildren(problem(error));
      submit.disabled = false;
    }
  });
  return el('section', { 'aria-labelledby': 'flag-resolve-heading' }, el('h2', { id: 'flag-resolve-heading' }, t('flag.resolve')), form);
}
