// Machines page: toolbar (search, filters), live status table, discovered machines.
import { h, replace, button } from './dom.js';
import { PageView } from './page.js';
import { machineForm, importForm, showImportReport, actionsDialog, showPowerFields } from './machineDialogs.js';
import { table, pager } from './table.js';
import { machineTable } from './machineTable.js';
import { seatMap, tileDetails } from './seatMap.js';
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
  bulkReport(formEl, results, refused, names) { bulkReport(formEl, results, refused, names); }
  bulkError(formEl, err) { bulkError(formEl, err); }

  /** Draws the page once; lists are redrawn by `renderList` so the search box keeps focus. */
  render(state) {
    this.list = h('div', { class: 'list' });
    this.discovered = h('div', { class: 'discovered' });
    this.liveMode = h('span', { class: 'live-mode' });
    this.bar = h('div', { class: 'bulk-bar', role: 'toolbar', 'aria-label': t('bulk.label'), hidden: true });
    replace(this.el,
      h('div', { class: 'page-head' }, h('h1', { text: t('machines.title') }), this.liveMode,
        this.discoveredCount = h('a', { href: '#discovered', class: 'badge badge-booting discovered-count', hidden: true, 'data-action': 'toDiscovered' }),
        h('div', { class: 'actions' },
          button(t('machines.add'), 'add', null, { class: 'primary', id: 'machine-add' }),
          button(t('machines.import'), 'openImport', null, { id: 'machine-import' }),
          button(t('action.refresh'), 'refresh'))),
      h('form', { class: 'toolbar', 'data-form': 'searchNow', role: 'search' },
        h('div', { class: 'view-switch', role: 'group', 'aria-label': t('map.viewLabel') },
          button(t('map.table'), 'switchView', 'table', { 'aria-pressed': String(state.mode === 'table'), id: 'view-table' }),
          button(t('map.map'), 'switchView', 'map', { 'aria-pressed': String(state.mode === 'map'), id: 'view-map' })),
        h('label', {}, t('machines.search'),
          h('input', { type: 'search', name: 'q', value: state.query.q, 'data-change': 'search', 'data-live': '', id: 'machine-search' })),
        h('label', {}, t('machines.group'), this.groupSelect = h('select', { name: 'group', 'data-change': 'filter' })),
        h('label', {}, t('machines.status'), h('select', { name: 'status', 'data-change': 'filter' },
          h('option', { value: '' }, t('filter.all')),
          statuses.map((s) => h('option', { value: s, selected: state.query.status === s }, t(`status.${s}`)))))),
      this.bar, this.list,
      h('h2', { text: t('discovered.title'), id: 'discovered', tabindex: '-1' }), this.discovered);
    this.renderList(state);
  }

  renderList(state) {
    // Live events reload the list often; an unchanged list is not redrawn (a click in flight would be lost).
    const key = JSON.stringify([state.list, [...state.selected], state.mode, state.liveMode, state.error, state.bootItems.length, [...state.groups]]);
    if (key === this.lastKey) return;
    this.lastKey = key;
    replace(this.groupSelect, h('option', { value: '' }, t('filter.all')),
      [...state.groups].sort().map((g) => h('option', { value: g, selected: state.query.group === g }, g)));
    this.liveMode.textContent = t(`live.${state.liveMode}`);
    this.liveMode.dataset.mode = state.liveMode;
    for (const b of this.el.querySelectorAll('[data-action=switchView]')) b.setAttribute('aria-pressed', String(b.dataset.id === state.mode));
    if (state.error) {
      replace(this.list, h('div', { class: 'panel panel-error', role: 'alert', text: state.error }));
      return;
    }
    this.renderBar(state);
    const items = state.list.items || [];
    if (state.mode === 'map') {
      seatMap(this.list, items, { stale: !['sse', 'polling'].includes(state.liveMode) });
      return;
    }
    replace(this.list, machineTable(state), h('div', { class: 'pager-row' }, pager(state.list), pageSize(state.query.limit)));
  }

  tileDetails(m, bootItemName) { return tileDetails(this, m, bootItemName); }

  /** The bulk bar for the current selection (redrawn alone when a checkbox changes). */
  renderBar(state) {
    bulkBar(this.bar, { selected: state.selected.size, total: (state.list && state.list.total) || 0 });
    const items = (state.list && state.list.items) || [];
    const pick = this.list && this.list.querySelector('#pick-page');
    if (pick) pick.checked = items.length > 0 && items.every((m) => state.selected.has(m.id));
  }

  /** Scrolls to the discovered machines (the hash is the router's, so no #anchor jump). */
  showDiscovered() { const el = this.el.querySelector('#discovered'); el.scrollIntoView(); el.focus(); }

  renderDiscovered(items, error) {
    this.discoveredCount.hidden = !items.length;
    this.discoveredCount.textContent = t('discovered.count', { n: items.length });
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

/** The page size choice (remembered per browser). */
function pageSize(limit) {
  return h('label', { class: 'page-size' }, t('table.pageSize'), ' ',
    h('select', { 'data-change': 'pageSize', id: 'page-size' }, [25, 50, 100, 200].map((n) => h('option', { value: n, selected: n === limit }, String(n)))));
}
