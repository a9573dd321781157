// Dashboard: machines by status, storage used/free, boots per hour over the last 24 h.
import { h, replace } from './dom.js';
import { PageView } from './page.js';
import { barChart, donut } from '../charts.js';
import { t, formatBytes } from '../i18n.js';
import { noVersionBanners, alertBanners } from './banner.js';
import { firstRunPanel } from './firstRun.js';

const statuses = ['online', 'booting', 'offline', 'unknown'];

export class DashboardView extends PageView {
  constructor(main, handlers) { super(main, handlers, 'dashboard'); }

  /** The first-run wizard is drawn once: live reloads of the dashboard keep what is being typed. */
  wizard(state) {
    if (!state.firstRun) { this.wizardEl = null; return null; }
    this.wizardEl ??= firstRunPanel(state.firstRun);
    return this.wizardEl;
  }

  render(state) {
    const st = state.stats;
    replace(this.el, h('div', { class: 'page-head' }, h('h1', { text: t('dashboard.title') })),
      state.error ? h('div', { class: 'panel panel-error', role: 'alert', text: state.error }) : null,
      this.wizard(state),
      h('div', { class: 'banners' }, alertBanners(state.alerts || []),
        noVersionBanners(state.unversioned || [], (img) => `#/images?commit=${img.id}`)),
      st ? h('div', { class: 'cards' },
        h('section', { class: 'panel card' }, h('h2', { text: t('dashboard.machines') }), machines(st.machines || {})),
        h('section', { class: 'panel card' }, h('h2', { text: t('dashboard.storage') }), storage(st.storage)),
        h('section', { class: 'panel card wide' }, h('h2', { text: t('dashboard.boots') }), boots(st.bootsPerHour || []))) : null);
  }
}

function machines(m) {
  const by = m.byStatus || {};
  const get = (s) => (Array.isArray(by) ? (by.find((x) => x.status === s) || {}).count || 0 : by[s] || 0);
  return h('div', {},
    donut(statuses.map((s) => ({ label: t(`status.${s}`), value: get(s), cls: `s-${s}` })),
      { title: t('dashboard.machines'), center: String(m.total ?? 0) }),
    h('p', { class: 'muted' }, h('a', { href: '#/machines', text: t('dashboard.toMachines') })));
}

function storage(s) {
  if (s && s.available === false) return h('p', { class: 'muted', text: [s.driver, s.reason].filter(Boolean).join(': ') || t('dashboard.noStorage') });
  if (!s || typeof s.totalBytes !== 'number') return h('p', { class: 'muted', text: t('dashboard.noStorage') });
  const used = Math.max(0, s.totalBytes - (s.freeBytes || 0));
  return h('div', {},
    donut([
      { label: t('dashboard.used'), value: used, cls: 's-used', display: formatBytes(used) },
      { label: t('dashboard.free'), value: s.freeBytes || 0, cls: 's-free', display: formatBytes(s.freeBytes || 0) },
    ], { title: t('dashboard.storage'), center: s.totalBytes ? `${Math.round((100 * used) / s.totalBytes)}%` : '—' }),
    h('p', {}, t('dashboard.driver'), ' ', h('strong', { text: s.driver || '—' }), ' · ',
      (s.instantClones ?? s.reflink) ? t('dashboard.instant') : t('dashboard.fullCopies')),
    (s.notes || []).map((n) => h('p', { class: 'muted', text: n })));
}

function boots(list) {
  const data = list.map((b) => {
    const d = new Date(b.hour);
    const label = Number.isNaN(d.getTime()) ? String(b.hour) : `${String(d.getHours()).padStart(2, '0')}h`;
    return { label, value: b.count || 0 };
  });
  const total = data.reduce((a, d) => a + d.value, 0);
  return h('div', {}, barChart(data, { title: t('dashboard.boots'), labelEvery: 2, width: 1100, height: 220 }),
    h('p', { class: 'muted', text: t('dashboard.bootsTotal', { n: total }) }));
}
