// Events page: the audit and boot log with filters (an action picker), names for subjects, long
// details collapsed, one machine's history.
import { h, replace } from './dom.js';
import { PageView } from './page.js';
import { table, pager, badge } from './table.js';
import { t, has, formatTime } from '../i18n.js';
import { eventSentence } from '../eventText.js';

const kinds = ['boot', 'machine', 'power', 'image', 'bootItem', 'storage', 'discovered', 'settings', 'user', 'session', 'token', 'job', 'seed'];

export class EventsView extends PageView {
  constructor(main, handlers) { super(main, handlers, 'events'); }

  render(state) {
    this.list = h('div', { class: 'list' });
    this.head = h('h1', { text: t('events.title') });
    const q = state.query;
    const input = (name, label, type = 'text', placeholder) => h('label', {}, label,
      h('input', { type, name, value: q[name] || '', placeholder }));
    const custom = q.action && !kinds.some((k) => q.action === `${k}.*`);
    replace(this.el, h('div', { class: 'page-head' }, this.head),
      h('form', { class: 'toolbar', 'data-form': 'filter' },
        h('label', {}, t('events.action'), h('select', { name: 'action', id: 'event-action' },
          h('option', { value: '' }, t('filter.all')),
          kinds.map((k) => h('option', { value: `${k}.*`, selected: q.action === `${k}.*` }, t(`eventKind.${k}`))),
          custom ? h('option', { value: q.action, selected: true }, q.action) : null)),
        state.machine ? null : input('subject', t('events.subject'), 'text', 'machine/12'), input('actor', t('events.actor')),
        h('label', {}, t('events.outcome'), h('select', { name: 'outcome' }, h('option', { value: '' }, t('filter.all')),
          ['success', 'failure'].map((o) => h('option', { value: o, selected: q.outcome === o }, t(`outcome.${o}`))))),
        // A text field in the console's one date format (a datetime-local input would follow the browser's locale).
        input('since', t('events.since'), 'text', t('events.sinceFormat')),
        h('button', { type: 'submit', class: 'primary' }, t('events.apply')),
        state.machine ? h('a', { href: '#/events', class: 'button', text: t('events.allMachines') }) : null),
      this.list);
    this.renderList(state);
  }

  renderList(state) {
    if (state.machine) this.head.textContent = t('events.historyOf', { name: state.machineName || `#${state.machine}` });
    if (state.error) { replace(this.list, h('div', { class: 'panel panel-error', role: 'alert', text: state.error })); return; }
    replace(this.list, table([
      { label: t('events.time'), render: (e) => h('time', { datetime: e.time, text: formatTime(e.time) }) },
      { label: t('events.actor'), key: 'actor' },
      { label: t('events.action'), render: (e) => actionLabel(e) },
      { label: t('events.subject'), render: (e) => subject(e, state.names) },
      { label: t('events.outcome'), render: (e) => badge(e.outcome, 'outcome') },
      { label: t('events.detail'), render: (e) => detail(e) },
    ], state.list.items || []), pager(state.list));
  }

  filters(formEl) {
    const out = {};
    for (const el of formEl.querySelectorAll('[name]')) out[el.name] = el.value;
    return out;
  }
}

function actionLabel(e) {
  const code = e.code || e.action || '';
  const key = `event.${code}`;
  return has(key) ? h('span', { title: code, text: t(key) }) : h('span', { class: 'mono', text: code });
}

/** A machine subject links to its history; any subject reads as its name when known. */
function subject(e, names) {
  const name = e.subjectName || names.get(e.subject);
  const m = /^machine\/(\d+)$/.exec(e.subject || '');
  const text = name || e.subject || '';
  return m ? h('a', { href: `#/events?machine=${m[1]}`, title: e.subject, text }) : h('span', { title: e.subject, text });
}

/**
 * Common events read as a sentence in the console's language, the server's text behind a toggle;
 * others: short details inline, long ones (provisioning failures) collapsed behind their first line.
 */
function detail(e) {
  const text = e.detail || '';
  const sentence = eventSentence(e);
  if (sentence) {
    if (!text) return h('span', { class: 'event-text', text: sentence });
    return h('details', { class: 'event-detail event-text' }, h('summary', { text: sentence }),
      h('pre', { class: 'sample', text }));
  }
  const summary = e.summary || text.split('\n')[0];
  if (text.length <= 160 && !text.includes('\n')) return text;
  return h('details', { class: 'event-detail' },
    h('summary', { text: summary.length > 160 ? `${summary.slice(0, 157)}…` : summary }),
    h('pre', { class: 'sample', text }));
}
