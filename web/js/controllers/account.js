// Changes the logged-in user's own password.
import { AccountView } from '../views/login.js';
import { t } from '../i18n.js';

export class AccountController {
  constructor(ctx) { this.ctx = ctx; }

  show(main) {
    this.view = new AccountView(main, { password: (f) => this.change(f) });
    this.view.render(this.ctx.session);
  }

  async change(formEl) {
    const { currentPassword, newPassword, repeat } = this.view.values(formEl);
    if (newPassword !== repeat) {
      this.view.errors(formEl, { errors: [{ field: 'repeat', message: t('account.mismatch') }] });
      return;
    }
    try {
      await this.view.submitting(formEl,
        this.ctx.api.post('session/password', { currentPassword, newPassword }));
      this.view.reset(formEl);
      this.ctx.notify(t('account.changed'), 'success');
    } catch (err) {
      this.view.errors(formEl, err);
    }
  }
}
