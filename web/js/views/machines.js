// Machines page: toolbar (search, filters), live status table, discovered machines.
import { h, replace, button } from './dom.js';
import { PageView } from './page.js';
import { machineForm, importForm, showImportReport, actionsDialog, showPowerFields } from './machineDialogs.js';
import { table, pager, badge } from './table.js';
import { bulkBar, bulkForm, bulkReport, bulkError } from './bulk.js';
import { t, formatTime } from '../i18n.js';

const statuses = ['online', 'booting', 'offline', 'unknown'];

export class MachinesView extends PageView {
  constructor(main, handlers) { super(main, handlers, 'machines'); }

  machineForm(m, bootItems) { return machineForm(this, m, bootItems); }
  importForm() { return importForm(this); }
  actionsDialog(m, bootItems) { return actionsDialog(this, m, bootItems); }
  showPowerFields(formEl) { showPowerFields(formEl); }
  /** The API's per-line errors of a CSV import, in the import dialog of `formEl`. */
  importReport(formEl, err, lines) { showImportReport(this.dialogOf(formEl), err, lines); }

  bulkForm(a, n, bootItems, groups) { return bulkForm(this, a, n, bootItems, groups); }
  bulkReport(formEl, results, refused) { bulkReport(formEl, results, refused); }
  bulkError(formEl, err) { bulkError(formEl, err); }

  /** Draws the page once; lists are redrawn by `renderList` so the search box keeps focus. */
  render(state) {
    this.list = h('div', { class: 'list' });
    this.discovered = h('div', { class: 'discovered' });
    this.liveMode = h('span', { class: 'live-mode' });
    this.bar = h('div', { class: 'bulk-bar', role: 'toolbar', 'aria-label': t('bulk.label'), hidden: true });
    replace(this.el,
      h('div', { class: 'page-head' }, h('h1', { text: t('machines.title') }), this.liveMode,
        h('div', { class: 'actions' },
          button(t('machines.add'), 'add', null, { class: 'primary', id: 'machine-add' }),
          button(t('machines.import'), 'openImport', null, { id: 'machine-import' }),
          button(t('action.refresh'), 'refresh'))),
      h('form', { class: 'toolbar', 'data-form': 'searchNow', role: 'search' },
        h('label', {}, t('machines.search'),
          h('input', { type: 'search', name: 'q', value: state.query.q, 'data-change': 'search', 'data-live': '', id: 'machine-search' })),
        h('label', {}, t('machines.group'), this.groupSelect = h('select', { name: 'group', 'data-change': 'filter' })),
        h('label', {}, t('machines.status'), h('select', { name: 'status', 'data-change': 'filter' },
          h('option', { value: '' }, t('filter.all')),
          statuses.map((s) => h('option', { value: s, selected: state.query.status === s }, t(`status.${s}`)))))),
      this.bar, this.list,
      h('h2', { text: t('discovered.title') }), this.discovered);
    this.renderList(state);
  }

  renderList(state) {
    replace(this.groupSelect, h('option', { value: '' }, t('filter.all')),
      [...state.groups].sort().map((g) => h('option', { value: g, selected: state.query.group === g }, g)));
    this.liveMode.textContent = t(`live.${state.liveMode}`);
    if (state.error) {
      replace(this.list, h('div', { class: 'panel panel-error', role: 'alert', text: state.error }));
      return;
    }
    const names = new Map(state.bootItems.map((b) => [b.id, b.label || b.name]));
    const items = state.list.items || [];
    this.renderBar(state);
    const allOnPage = items.length > 0 && items.every((m) => state.selected.has(m.id));
    replace(this.list, table([
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
      { label: t('field.diskMode'), optional: true, render: (m) => [t(`diskMode.${m.diskMode}`),
        m.superWorkstation ? h('span', { class: 'badge badge-maintenance', text: t('machines.super') }) : null] },
      { label: t('table.actions'), render: (m) => h('div', { class: 'row-actions' },
        button(t('action.edit'), 'edit', m.id, { 'aria-label': `${t('action.edit')} ${m.name}` }),
        button(t('machines.actions'), 'more', m.id, { 'aria-label': `${t('machines.actions')} ${m.name}` }),
        button(t('action.delete'), 'delete', m.id, { class: 'danger', 'aria-label': `${t('action.delete')} ${m.name}` })) },
    ], state.list.items || [], { sort: state.query.sort }), pager(state.list));
  }

  /** The bulk bar for the current selection (redrawn alone when a checkbox changes). */
  renderBar(state) {
    bulkBar(this.bar, { selected: state.selected.size, total: (state.list && state.list.total) || 0 });
    const items = (state.list && state.list.items) || [];
    const pick = this.list && this.list.querySelector('#pick-page');
    if (pick) pick.checked = items.length > 0 && items.every((m) => state.selected.has(m.id));
  }

  renderDiscovered(items, error) {
    if (error) { replace(this.discovered, h('p', { class: 'muted', text: error })); return; }
    replace(this.discovered, table([
      { label: t('field.mac'), key: 'mac', class: 'mono' },
      { label: t('field.ip'), key: 'ip', class: 'mono' },
      { label: t('discovered.via'), optional: true, render: (d) => [d.via, d.platform].filter(Boolean).join(' / ') },
      { label: t('discovered.lastSeen'), render: (d) => formatTime(d.lastSeenAt) },
      { label: t('table.actions'), render: (d) => h('div', { class: 'row-actions' },
        button(t('discovered.register'), 'register', d.mac, { class: 'primary' }),
        button(t('discovered.forget'), 'forget', d.mac)) },
    ], items, { rowId: (d) => d.mac, empty: t('discovered.none') }));
  }
}

function lastBoot(m) {
  if (!m.lastBootAt && !m.lastBootPhase) return '—';
  return h('span', {}, m.lastBootPhase ? h('span', { class: 'phase', text: t(`phase.${m.lastBootPhase}`) }) : null,
    ' ', h('time', { datetime: m.lastBootAt || '', text: formatTime(m.lastBootAt) }));
}
