// Events page: the audit and boot log with filters.
import { h, replace } from './dom.js';
import { PageView } from './page.js';
import { table, pager, badge } from './table.js';
import { t, formatTime } from '../i18n.js';

export class EventsView extends PageView {
  constructor(main, handlers) { super(main, handlers, 'events'); }

  render(state) {
    this.list = h('div', { class: 'list' });
    const q = state.query;
    const input = (name, label, type = 'text', placeholder) => h('label', {}, label,
      h('input', { type, name, value: q[name] || '', placeholder }));
    replace(this.el, h('div', { class: 'page-head' }, h('h1', { text: t('events.title') })),
      h('form', { class: 'toolbar', 'data-form': 'filter' },
        input('action', t('events.action'), 'text', 'machine.*'), input('subject', t('events.subject')), input('actor', t('events.actor')),
        h('label', {}, t('events.outcome'), h('select', { name: 'outcome' }, h('option', { value: '' }, t('filter.all')),
          ['success', 'failure'].map((o) => h('option', { value: o, selected: q.outcome === o }, t(`outcome.${o}`))))),
        input('since', t('events.since'), 'datetime-local'),
        h('button', { type: 'submit', class: 'primary' }, t('events.apply'))),
      this.list);
    this.renderList(state);
  }

  renderList(state) {
    if (state.error) { replace(this.list, h('div', { class: 'panel panel-error', role: 'alert', text: state.error })); return; }
    replace(this.list, table([
      { label: t('events.time'), render: (e) => formatTime(e.time) },
      { label: t('events.actor'), key: 'actor' },
      { label: t('events.action'), key: 'action', class: 'mono' },
      { label: t('events.subject'), key: 'subject', class: 'mono' },
      { label: t('events.outcome'), render: (e) => badge(e.outcome, 'outcome') },
      { label: t('events.detail'), key: 'detail' },
    ], state.list.items || []), pager(state.list));
  }

  filters(formEl) {
    const out = {};
    for (const el of formEl.querySelectorAll('[name]')) out[el.name] = el.value;
    return out;
  }
}
