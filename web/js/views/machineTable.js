// The machines table: selection checkboxes, live status, last boot, disk, row actions.
import { h, button } from './dom.js';
import { table, badge } from './table.js';
import { diskState, diskLabel, overlayBytes } from './seatMap.js';
import { t, formatTime, formatBytes } from '../i18n.js';

/** The table for `state.list` with `state.selected` ticked; a disk column when the server sends disk states. */
export function machineTable(state) {
  const names = new Map(state.bootItems.map((b) => [b.id, b.label || b.name]));
  const items = state.list.items || [];
  const allOnPage = items.length > 0 && items.every((m) => state.selected.has(m.id));
  const hasDisk = items.some((m) => diskState(m));
  return table([
    { head: h('input', { type: 'checkbox', 'data-change': 'pickPage', 'aria-label': t('bulk.pickPage'), checked: allOnPage, id: 'pick-page', 'data-write': '' }),
      render: (m) => h('input', { type: 'checkbox', 'data-change': 'pick', 'data-id': m.id, checked: state.selected.has(m.id),
        'aria-label': t('bulk.pick', { name: m.name }), class: 'pick', 'data-write': '' }) },
    { label: t('field.name'), sort: 'name', render: (m) => h('strong', { text: m.name }) },
    { label: t('field.mac'), sort: 'mac', key: 'mac', class: 'mono' },
    { label: t('field.ip'), sort: 'ip', key: 'ip', class: 'mono' },
    { label: t('field.group'), key: 'group', optional: true },
    { label: t('machines.status'), sort: 'status', render: (m) => badge(m.status || 'unknown') },
    { label: t('machines.lastBoot'), sort: 'lastBootAt', render: (m) => lastBoot(m) },
    { label: t('field.defaultBootItem'), optional: true, render: (m) => names.get(m.defaultBootItem) || '—' },
    hasDisk ? { label: t('machines.disk'), render: (m) => disk(m) } : null,
    { label: t('field.diskMode'), optional: true, render: (m) => [t(`diskMode.${m.diskMode}`),
      m.superWorkstation ? h('span', { class: 'badge badge-maintenance', text: t('machines.super') }) : null] },
    { label: t('table.actions'), render: (m) => h('div', { class: 'row-actions' },
      button(t('action.edit'), 'edit', m.id, { 'aria-label': `${t('action.edit')} ${m.name}` }),
      button(t('machines.actions'), 'more', m.id, { 'aria-label': `${t('machines.actions')} ${m.name}` }),
      button(t('action.delete'), 'delete', m.id, { class: 'danger', 'aria-label': `${t('action.delete')} ${m.name}` })) },
    ].filter(Boolean), items, { sort: state.query.sort });
}

function disk(m) {
  const s = diskState(m);
  if (!s) return '—';
  const overlay = overlayBytes(m) !== null ? ` · ${formatBytes(overlayBytes(m))}` : '';
  return h('span', {}, h('span', { class: `badge badge-disk-${s}`, text: diskLabel(s) }), overlay);
}

function lastBoot(m) {
  if (!m.lastBootAt && !m.lastBootPhase) return '—';
  return h('span', {}, m.lastBootPhase ? h('span', { class: 'phase', text: t(`phase.${m.lastBootPhase}`) }) : null,
    ' ', h('time', { datetime: m.lastBootAt || '', text: formatTime(m.lastBootAt) }));
}
