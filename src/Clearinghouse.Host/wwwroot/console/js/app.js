// The console's router: one page per hash route (#/periods, #/statement, #/settlements, #/settlement/ID,
// #/transfers, #/discrepancies, #/flags, #/flag/ID), each rendering into <main id="view"> from the API's answers.
import { setLanguage, currentLanguage, translateShell, t } from './i18n.js';
import { el } from './dom.js';
import { ApiError } from './api.js';
import { downloadXlsx } from './table.js';
import { periodsPage } from './pages/periods.js';
import { statementPage } from './pages/statement.js';
import { settlementsPage, settlementPage } from './pages/settlements.js';
import { transfersPage } from './pages/transfers.js';
import { discrepanciesPage } from './pages/discrepancies.js';
import { flagsPage, flagPage } from './pages/flags.js';
import { caller, ownRegion } from './caller.js';

const routes = {
  periods: periodsPage,
  statement: statementPage,
  settlements: settlementsPage,
  settlement: settlementPage,
  transfers: transfersPage,
  discrepancies: discrepanciesPage,
  flags: flagsPage,
  flag: flagPage,
};

/** The route and its parameters: "#/statement?period=2026-11&region=110101" → ['statement', [], {period, region}]. */
export function parseRoute(hash = location.hash) {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [name, ...rest] = path.split('/');
  return { name: routes[name] ? name : 'periods', segments: rest.map(decodeURIComponent), params: Object.fromEntries(new URLSearchParams(query)) };
}

export function href(name, params = {}, ...segments) {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')).toString();
  return `#/${[name, ...segments.map(encodeURIComponent)].join('/')}${search ? `?${search}` : ''}`;
}

/** A failed call shown where its content would be: a refusal as such (403/401), anything else with its status. */
export function problem(error) {
  if (error instanceof ApiError && (error.httpStatus === 403 || error.httpStatus === 401)) {
    return el('p', { class: 'refusal', role: 'alert' }, t('refused', { message: error.message }));
  }
  return el('p', { class: 'error', role: 'alert' }, t('failed', { code: error.code ?? '', message: error.message }));
}

export function announce(text) {
  document.getElementById('status').textContent = text;
}

/** A page with several tables also exports them all as one workbook, one sheet per table. */
function addPageExport(view, name) {
  const models = [...view.querySelectorAll('section.table-section')].map((section) => section.tableModel).filter(Boolean);
  if (models.length < 2) return;
  const button = el('button', { type: 'button', id: 'export-page', 'data-export': 'page' }, t('export.page'));
  button.addEventListener('click', () => downloadXlsx(models, `${name}-${models[0].fileName}`));
  view.querySelector('h1')?.after(el('div', { class: 'exports' }, button));
}

/** Who is signed in, at the top right: the role and scope from the certificate, or that there is none. */
async function showCaller() {
  const me = await caller();
  document.getElementById('caller').textContent = me
    ? t('caller.signedIn', { role: t(`role.${me.role}`), scope: me.scope })
    : t('caller.none');
}

let rendering = 0;
async function render() {
  const ticket = ++rendering;
  // A region's agency opens the console on its own statement; everyone else on the periods.
  if (!location.hash) {
    const own = await ownRegion();
    if (own) history.replaceState(null, '', href('statement', { region: own }));
  }
  const route = parseRoute();
  for (const link of document.querySelectorAll('nav a[data-page]')) {
    // A page reached from a list marks that list's link: a settlement the statement's, a flag the flags'.
    const parent = route.name.startsWith('settlement') ? 'statement' : route.name === 'flag' ? 'flags' : route.name;
    const current = link.dataset.page === parent;
    if (current) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  const view = document.getElementById('view');
  view.replaceChildren(el('p', { class: 'loading' }, t('loading')));
  view.setAttribute('aria-busy', 'true');
  let content;
  try {
    content = await routes[route.name](route);
  } catch (error) {
    content = problem(error);
  }
  if (ticket !== rendering) return;
  view.replaceChildren(content);
  addPageExport(view, route.name);
  view.removeAttribute('aria-busy');
  document.body.dataset.ready = route.name;
  // When the page was rendered with its data, for ops/console-bench.sh's figures.
  performance.mark(`console-ready:${route.name}`);
}

document.getElementById('language').addEventListener('click', () => {
  setLanguage(currentLanguage() === 'zh' ? 'en' : 'zh');
  translateShell();
  showCaller();
  render();
});
window.addEventListener('hashchange', render);
translateShell();
showCaller();
render();
