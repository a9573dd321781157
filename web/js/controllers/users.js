// Users (admin): list, create, change role or password, delete.
import { UsersView } from '../views/users.js';
import { values, showErrors } from '../views/form.js';
import { describe } from '../views/page.js';
import { t } from '../i18n.js';
import { itemsOf } from './util.js';

export class UsersController {
  constructor(ctx) { this.ctx = ctx; this.state = { items: [], error: '' }; this.alive = true; }

  show(main) { this.view = new UsersView(main, this); this.view.loading(); this.load(); }
  dispose() { this.alive = false; }

  async load() {
    try { this.state.items = itemsOf(await this.ctx.api.get('users')); this.state.error = ''; } catch (err) { this.state.error = describe(err); }
    if (this.alive) this.view.render(this.state);
  }

  user(id) { return this.state.items.find((u) => String(u.id) === String(id)); }
  create() { this.view.userForm({}); }
  edit(id) { const u = this.user(id); if (u) this.view.userForm(u); }

  async save(formEl) {
    const id = formEl.dataset.id;
    const body = values(formEl);
    if (id && !body.password) delete body.password;
    try {
      // A user's name is fixed once made: PUT changes only the role and the password.
      const call = id ? this.ctx.api.put(`users/${id}`, { role: body.role, password: body.password })
        : this.ctx.api.post('users', body);
      await this.view.busy(formEl.querySelector('[type=submit]'), call);
      formEl.closest('dialog').close();
      this.ctx.notify(t('users.saved', { name: body.username || (this.user(id) || {}).username }), 'success');
      this.load();
    } catch (err) { showErrors(formEl, err); }
  }

  async delete(id) {
    const u = this.user(id);
    if (!u || !confirm(t('confirm.delete', { name: u.username }))) return;
    try { await this.ctx.api.del(`users/${id}`); this.load(); } catch (err) { this.ctx.fail(err); }
  }
}
