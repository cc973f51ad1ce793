// A table as the page shows it: columns (title and kind) and rows of raw values (money in fen strings). The same
// model renders the <table>, the CSV file and the Excel workbook, so every export is the table as shown.
import { t } from './i18n.js';
import { yuan, yuanPlain } from './money.js';
import { el } from './dom.js';

/**
 * columns: [{ title, kind: 'text' | 'money' | 'count', link?: (row) => href }]
 * rows: arrays of raw values, one per column.
 * sortable: the rows are the whole list (not one server page), so a heading button sorts them; the exports
 * follow the order shown.
 */
export function tableSection({ id, caption, columns, rows, fileName, footer, sortable = false }) {
  const model = { caption, columns, rows: [...rows], footer, fileName: fileName ?? id };
  const body = el('tbody', {});
  const fill = () => body.replaceChildren(...model.rows.map((row) => el('tr', {}, ...columns.map((c, i) => cell(c, row, i)))));
  fill();
  const headings = columns.map((c, i) => {
    const th = el('th', { scope: 'col', class: c.kind === 'text' ? '' : 'num' });
    if (!sortable) {
      th.append(c.title);
      return th;
    }
    th.setAttribute('aria-sort', 'none');
    th.append(el('button', { type: 'button', class: 'sort', onclick: () => {
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      for (const other of th.parentElement.children) other.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      model.rows.sort((a, b) => (ascending ? 1 : -1) * compare(c.kind, a[i], b[i]));
      fill();
    } }, c.title));
    return th;
  });
  const table = el('table', { id, class: 'data' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...headings)),
    body,
    ...(footer ? [el('tfoot', {}, el('tr', {}, ...columns.map((c, i) => (i === 0
      ? el('th', { scope: 'row' }, footer[0])
      : el('td', { class: c.kind === 'text' ? '' : 'num' }, shown(c, footer[i]))))))] : []));
  const exports = el('div', { class: 'exports' },
    el('button', { type: 'button', 'data-export': 'csv', 'aria-label': `${t('export.csv')}: ${caption}`, onclick: () => downloadCsv(model) }, t('export.csv')),
    el('button', { type: 'button', 'data-export': 'xlsx', 'aria-label': `${t('export.xlsx')}: ${caption}`, onclick: () => downloadXlsx([model], model.fileName) }, t('export.xlsx')));
  const section = el('section', { class: 'table-section' }, el('div', { class: 'scroll' }, table), exports);
  // The page-wide export (app.js) collects the models of the tables in view.
  section.tableModel = model;
  return section;
}

/** The rows an export writes: the rows in the order shown, then the totals row when the table has one. */
function exportedRows(model) {
  return model.footer ? [...model.rows, model.footer] : model.rows;
}

/** Money and counts compare as integers (BigInt: fen never pass through a double), text by the page's language. */
function compare(kind, a, b) {
  if (kind === 'money' || kind === 'count') {
    const x = BigInt(a || 0), y = BigInt(b || 0);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return String(a ?? '').localeCompare(String(b ?? ''), document.documentElement.lang);
}

function cell(column, row, index) {
  const value = row[index];
  const content = shown(column, value);
  const href = column.link?.(row);
  return el('td', { class: column.kind === 'text' ? '' : 'num' }, href ? el('a', { href }, content) : content);
}

function shown(column, value) {
  if (value === undefined || value === null) return '';
  if (column.kind === 'money') return yuan(value);
  return String(value);
}

function csvField(text) {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV with a UTF-8 byte order mark (so Excel reads the Chinese headings), money in yuan with two decimals. */
export function toCsv(model) {
  const lines = [model.columns.map((c) => csvField(c.title)).join(',')];
  for (const row of exportedRows(model)) {
    lines.push(model.columns.map((c, i) => csvField(c.kind === 'money' ? yuanPlain(row[i]) : String(row[i] ?? ''))).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function save(blob, name) {
  const link = el('a', { href: URL.createObjectURL(blob), download: name, hidden: true });
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 0);
}

export function downloadCsv(model) {
  save(new Blob([toCsv(model)], { type: 'text/csv;charset=utf-8' }), `${model.fileName}.csv`);
}

/** The workbook is written by the host (POST /console/export.xlsx) from these same rows: one sheet per table. */
export async function downloadXlsx(models, fileName) {
  const body = {
    fileName,
    sheets: models.map((m) => ({
      name: m.caption,
      columns: m.columns.map((c) => ({ title: c.title, kind: c.kind })),
      rows: exportedRows(m).map((row) => m.columns.map((_, i) => String(row[i] ?? ''))),
    })),
  };
  const response = await fetch('/console/export.xlsx', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin',
  });
  if (!response.ok) throw new Error(`export failed: HTTP ${response.status}`);
  save(await response.blob(), `${fileName}.xlsx`);
}

/** Previous/next buttons over a server-paged listing: tokens is the stack of page tokens read so far. */
export function pager({ tokens, nextToken, onPage }) {
  const n = tokens.length;
  return el('nav', { class: 'pager', 'aria-label': t('page.of', { n }) },
    el('button', { type: 'button', disabled: n <= 1, onclick: () => onPage(tokens.slice(0, -1)) }, t('page.previous')),
    el('span', {}, t('page.of', { n })),
    el('button', { type: 'button', disabled: !nextToken, onclick: () => onPage([...tokens, nextToken]) }, t('page.next')));
}
