// Bulk actions on the machines page: the bar above the table while machines are selected, the
// dialog that asks for the value, and the per-machine report (in the same dialog).
import { h, replace, button } from './dom.js';
import { field } from './form.js';
import { table } from './table.js';
import { errorBox } from './errorBox.js';
import { t } from '../i18n.js';
import { errorText } from '../errors.js';

/** The actions, in the bar's order; `value` says which field the dialog asks for. */
export const bulkActions = [
  ['setBootItem', 'bootItem'], ['setDiskMode', 'diskMode'], ['setGroup', 'group'], ['superOff'],
  ['powerOn'], ['powerOff'], ['resetDisk'], ['delete'],
];

/** The bar: count, select all matching, clear, one button per action. Empty when nothing is selected. */
export function bulkBar(el, { selected, total }) {
  // Redrawn only when it changes: a live reload must not replace a button under the pointer.
  const key = `${selected}/${total}/${t('bulk.clear')}`;
  if (el.dataset.key === key) return;
  el.dataset.key = key;
  if (!selected) { replace(el); el.hidden = true; return; }
  el.hidden = false;
  replace(el,
    h('span', { class: 'bulk-count', text: t('bulk.selected', { n: selected }) }),
    selected < total ? button(t('bulk.selectAll', { n: total }), 'selectAllMatching', null, { id: 'bulk-select-all' }) : null,
    button(t('bulk.clear'), 'clearSelection', null, { id: 'bulk-clear' }),
    h('span', { class: 'bulk-sep' }),
    bulkActions.map(([a]) => button(t(`bulk.${a}`), 'bulkOpen', a, {
      class: ['resetDisk', 'delete', 'powerOff'].includes(a) ? 'danger' : null, 'data-bulk': a })));
}

/** The value field of action `a` (boot item, disk mode, group), or nothing. */
function valueField(a, bootItems, groups) {
  if (a === 'setBootItem') {
    return field({ name: 'value', label: t('field.defaultBootItem'), type: 'select', options: bootItems.map((b) => [b.id, b.label || b.name]) });
  }
  if (a === 'setDiskMode') {
    return field({ name: 'value', label: t('field.diskMode'), type: 'select', options: ['resetOnBoot', 'persistent'].map((d) => [d, t(`diskMode.${d}`)]) });
  }
  if (a === 'setGroup') {
    const f = field({ name: 'value', label: t('field.group'), hint: t('bulk.groupHint') });
    const input = f.querySelector('input');
    input.setAttribute('list', 'bulk-groups');
    f.appendChild(h('datalist', { id: 'bulk-groups' }, [...groups].map((g) => h('option', { value: g }))));
    return f;
  }
  return null;
}

/** The dialog for action `a` on `n` machines: the value, a warning for what cannot be undone, Apply. */
export function bulkForm(page, a, n, bootItems, groups) {
  const f = h('form', { 'data-form': 'bulkApply', 'data-bulk': a, class: 'form', novalidate: true },
    h('p', { text: t('bulk.confirm', { action: t(`bulk.${a}`), n }) }),
    ['resetDisk', 'delete', 'powerOff'].includes(a) ? h('p', { class: 'warn', text: t(`bulk.warn.${a}`) }) : null,
    valueField(a, bootItems, groups),
    h('div', { class: 'bulk-error' }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: a === 'delete' || a === 'resetDisk' ? 'primary danger-fill' : 'primary' }, t('action.apply'))),
    h('div', { class: 'bulk-report', 'aria-live': 'polite' }));
  return page.dialog(t('bulk.title', { action: t(`bulk.${a}`), n }), f);
}

/** Per-machine results in the dialog: a summary line, then one row per machine. */
export function bulkReport(formEl, results, refused, names = new Map()) {
  const failed = results.filter((r) => !r.ok);
  const box = formEl.querySelector('.bulk-report');
  const summary = refused
    ? t('bulk.refused', { n: failed.length })
    : failed.length ? t('bulk.partial', { failed: failed.length, n: results.length }) : t('bulk.done', { n: results.length });
  replace(box, h('p', { class: failed.length ? 'bulk-summary bad' : 'bulk-summary ok', 'data-failed': failed.length, 'data-refused': refused ? 'true' : null,
    role: failed.length ? 'alert' : 'status', text: summary }),
    table([
      { label: t('field.name'), render: (r) => r.name || names.get(r.id) || `#${r.id}` },
      { label: t('bulk.result'), render: (r) => h('span', { class: `badge badge-${r.ok ? 'success' : 'failure'}`, text: t(r.ok ? 'bulk.ok' : 'bulk.failed') }) },
      { label: t('import.message'), render: (r) => (r.ok ? '' : h('span', { title: [r.code, r.message].filter(Boolean).join(': '), text: resultText(r) })) },
    ], [...failed, ...results.filter((r) => r.ok)], { rowId: (r) => r.id }));
  if (!refused && !failed.length) { const b = formEl.querySelector('[type=submit]'); if (b) b.hidden = true; }
}

/** The dialog's error (a refused or failed request), readable, details behind a toggle. */
export function bulkError(formEl, err) { replace(formEl.querySelector('.bulk-error'), err ? errorBox(err) : null); }

function resultText(r) {
  return errorText({ code: r.code, status: r.status, detail: r.message, title: '' }) || r.message || t('bulk.failed');
}
