// Data tables with sortable headers (buttons, so keyboard users can sort too).
import { h } from './dom.js';
import { t } from '../i18n.js';

/**
 * A table. `columns`: `{key, label, sort?, render?(row) → Node|string, class?, optional?}` (optional
 * columns are hidden on narrow screens); `sort` is the
 * current sort string (`name` or `-name`); `head` (a node) replaces a column's label. Header buttons carry `data-action="sort"`.
 */
export function table(columns, rows, { sort = '', empty = t('table.empty'), rowId = (r) => r.id, caption } = {}) {
  const head = h('tr', {}, columns.map((c) => {
    const hide = c.optional ? 'hide-narrow' : null;
    if (c.head) return h('th', { scope: 'col', class: hide }, c.head);
    if (!c.sort) return h('th', { scope: 'col', text: c.label, class: hide });
    const active = sort.replace(/^-/, '') === c.sort;
    const desc = active && sort.startsWith('-');
    return h('th', { scope: 'col', class: hide, 'aria-sort': active ? (desc ? 'descending' : 'ascending') : null },
      h('button', { type: 'button', class: 'sort', 'data-action': 'sort', 'data-id': c.sort },
        c.label, active ? (desc ? ' ▼' : ' ▲') : ''));
  }));
  const body = rows.length
    ? rows.map((r) => h('tr', { 'data-row': rowId(r) }, columns.map((c) => {
      const v = c.render ? c.render(r) : r[c.key];
      return h('td', { class: [c.class, c.optional ? 'hide-narrow' : ''].filter(Boolean).join(' ') || null, 'data-label': c.label || null }, v instanceof Node || Array.isArray(v) ? v : String(v ?? ''));
    })))
    : [h('tr', {}, h('td', { colspan: columns.length, class: 'empty', text: empty }))];
  return h('div', { class: 'table-wrap' }, h('table', {}, caption ? h('caption', { text: caption }) : null,
    h('thead', {}, head), h('tbody', {}, body)));
}

/** Next sort string after clicking `key`: ascending first, then descending. */
export function nextSort(current, key) {
  return current === key ? `-${key}` : key;
}

/** Previous/next page controls for `{total, limit, offset}` lists. */
export function pager(list) {
  const { total = 0, limit = 50, offset = 0 } = list || {};
  if (total <= limit) return h('p', { class: 'pager', text: t('table.count', { n: total }) });
  return h('div', { class: 'pager' },
    h('button', { type: 'button', 'data-action': 'page', 'data-id': Math.max(0, offset - limit), disabled: offset === 0 }, t('table.prev')),
    h('span', { text: t('table.range', { from: offset + 1, to: Math.min(total, offset + limit), total }) }),
    h('button', { type: 'button', 'data-action': 'page', 'data-id': offset + limit, disabled: offset + limit >= total }, t('table.next')));
}

/** A status badge (online / booting / offline / unknown, ready / maintenance …). */
export function badge(value, prefix = 'status') {
  return h('span', { class: `badge badge-${value}`, text: t(`${prefix}.${value}`) });
}
