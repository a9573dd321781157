// The login page and the change-own-password page.
import { h, replace } from './dom.js';
import { form } from './form.js';
import { PageView } from './page.js';
import { t } from '../i18n.js';

export class LoginView extends PageView {
  constructor(main, handlers) { super(main, handlers, 'login'); }

  render() {
    replace(this.el, h('div', { class: 'login-box panel' },
      h('h1', { text: t('login.title') }),
      form('login', [
        { name: 'username', label: t('login.username'), required: true, autocomplete: 'username' },
        { name: 'password', label: t('login.password'), type: 'password', required: true, autocomplete: 'current-password' },
      ], t('login.submit'))));
    this.el.querySelector('input').focus();
  }
}

export class AccountView extends PageView {
  constructor(main, handlers) { super(main, handlers, 'account'); }

  render(session) {
    replace(this.el, h('h1', { text: t('account.title') }),
      h('p', { text: t('account.who', { username: session.username, role: t('role.' + session.role) }) }),
      h('div', { class: 'panel narrow' }, h('h2', { text: t('account.changePassword') }),
        form('password', [
          { name: 'currentPassword', label: t('account.current'), type: 'password', required: true, autocomplete: 'current-password' },
          { name: 'newPassword', label: t('account.new'), type: 'password', required: true, autocomplete: 'new-password' },
          { name: 'repeat', label: t('account.repeat'), type: 'password', required: true, autocomplete: 'new-password' },
        ], t('account.save'))));
  }

  reset(formEl) { formEl.reset(); }
}
