// Admin pages: users and API tokens (a new token is shown once).
import { h, replace, button } from './dom.js';
import { PageView } from './page.js';
import { form } from './form.js';
import { table } from './table.js';
import { t, formatTime } from '../i18n.js';

const roles = ['admin', 'operator', 'viewer'];

export class UsersView extends PageView {
  constructor(main, handlers) { super(main, handlers, 'users'); }

  render(state) {
    replace(this.el, h('div', { class: 'page-head' }, h('h1', { text: t('users.title') }),
      h('div', { class: 'actions' }, button(t('users.create'), 'create', null, { class: 'primary' }))),
    state.error ? h('div', { class: 'panel panel-error', role: 'alert', text: state.error }) : null,
    table([
      { label: t('login.username'), render: (u) => h('strong', { text: u.username }) },
      { label: t('users.role'), render: (u) => t(`role.${u.role}`) },
      { label: t('field.createdAt'), render: (u) => formatTime(u.createdAt) },
      { label: t('table.actions'), render: (u) => h('div', { class: 'row-actions' },
        button(t('action.edit'), 'edit', u.id), button(t('action.delete'), 'delete', u.id, { class: 'danger' })) },
    ], state.items));
  }

  userForm(u) {
    const f = form('save', [
      u.id ? null : { name: 'username', label: t('login.username'), required: true },
      { name: 'role', label: t('users.role'), type: 'select', options: roles.map((r) => [r, t(`role.${r}`)]), value: u.role || 'operator' },
      { name: 'password', label: u.id ? t('users.newPassword') : t('login.password'), type: 'password', autocomplete: 'new-password', hint: u.id ? t('users.keepPassword') : null },
    ].filter(Boolean), u.id ? t('action.save') : t('users.create'));
    f.dataset.id = u.id || '';
    return this.dialog(u.id ? t('users.edit', { name: u.username }) : t('users.create'), f);
  }
}

export class TokensView extends PageView {
  constructor(main, handlers) { super(main, handlers, 'tokens'); }

  render(state) {
    replace(this.el, h('div', { class: 'page-head' }, h('h1', { text: t('tokens.title') })),
      h('div', { class: 'panel narrow' }, form('save', [{ name: 'name', label: t('tokens.name'), required: true }], t('tokens.create'))),
      state.created ? h('div', { class: 'panel panel-success', role: 'status' },
        h('p', { text: t('tokens.once', { name: state.created.name }) }),
        h('code', { class: 'token', tabindex: '0', text: state.created.token }),
        button(t('tokens.copy'), 'copy')) : null,
      state.error ? h('div', { class: 'panel panel-error', role: 'alert', text: state.error }) : null,
      table([
        { label: t('tokens.name'), render: (x) => h('strong', { text: x.name }) },
        { label: t('field.createdAt'), render: (x) => formatTime(x.createdAt) },
        { label: t('tokens.lastUsed'), render: (x) => formatTime(x.lastUsedAt) || '—' },
        { label: t('table.actions'), render: (x) => button(t('tokens.revoke'), 'delete', x.id, { class: 'danger' }) },
      ], state.items));
  }
}
