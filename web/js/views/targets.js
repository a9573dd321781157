// Targets page: driver state, targets with their LUNs, ACLs (initiators) and sessions; reconcile.
import { h, replace, button } from './dom.js';
import { PageView } from './page.js';
import { table } from './table.js';
import { t } from '../i18n.js';

export class TargetsView extends PageView {
  constructor(main, handlers) { super(main, handlers, 'targets'); }

  render(state) {
    const d = state.data || {};
    replace(this.el,
      h('div', { class: 'page-head' }, h('h1', { text: t('targets.title') }),
        h('div', { class: 'actions' }, button(t('targets.reconcile'), 'reconcile', null, { class: 'primary' }),
          button(t('action.refresh'), 'refresh'))),
      state.error ? h('div', { class: 'panel panel-error', role: 'alert', text: state.error }) : null,
      state.data ? h('p', {}, t('targets.driver'), ' ', h('strong', { text: d.driver || '—' }), ' · ',
        h('span', { class: `badge badge-${d.available ? 'online' : 'offline'}`, text: d.available ? t('targets.available') : t('targets.unavailable') }),
        d.reason ? h('span', { class: 'muted', text: ` ${d.reason}` }) : null) : null,
      state.result ? reconciled(state.result) : null,
      table([
        { label: 'IQN', key: 'iqn', class: 'mono' },
        { label: t('targets.machine'), render: (x) => name(x.machine) },
        { label: t('targets.luns'), render: (x) => list(x.luns, lun) },
        { label: t('targets.acls'), render: (x) => list(x.initiators, (i) => (typeof i === 'string' ? i : i.iqn || JSON.stringify(i))) },
        { label: 'CHAP', render: (x) => (x.chap ? t('yes') : t('no')) },
        { label: t('targets.sessions'), render: (x) => list(x.sessions, (s) => (typeof s === 'string' ? s : [s.initiator, s.address].filter(Boolean).join(' @ ') || JSON.stringify(s))) },
      ], d.items || [], { rowId: (x) => x.iqn, empty: t('targets.none') }));
  }
}

/** The reconcile report: what was created, removed, repaired, and what failed. */
function reconciled(r) {
  return h('div', { class: 'panel', role: 'status' }, h('h2', { text: t('targets.reconciled') }),
    h('dl', { class: 'report' }, ['created', 'removed', 'repaired', 'errors'].map((k) => [
      h('dt', { text: `${t('reconcile.' + k)} (${Array.isArray(r[k]) ? r[k].length : (r[k] ?? 0)})` }),
      h('dd', {}, list(r[k], String))])));
}

function name(m) { return m && typeof m === 'object' ? (m.name || m.id) : (m ?? '—'); }

function lun(l) {
  if (typeof l !== 'object' || !l) return String(l);
  return [`LUN ${l.lun ?? l.n ?? l.id ?? '?'}`, l.volume || l.path || l.backing || l.name].filter(Boolean).join(': ');
}

function list(v, fmt) {
  if (typeof v === 'number') return String(v);
  if (!Array.isArray(v) || !v.length) return '—';
  return h('ul', { class: 'plain' }, v.map((x) => h('li', { text: fmt(x) })));
}
