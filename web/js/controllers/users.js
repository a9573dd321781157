// Users (admin): list, create, change role or password, delete.
import { UsersView } from '../views/users.js';
import { PageController } from './page.js';
import { t } from '../i18n.js';
import { itemsOf } from './util.js';

export class UsersController extends PageController {
  constructor(ctx) { super(ctx, UsersView, { items: [] }); }

  async fetch() { this.state.items = itemsOf(await this.ctx.api.get('users')); }

  user(id) { return this.state.items.find((u) => String(u.id) === String(id)); }
  create() { this.view.userForm({}); }
  edit(id) { const u = this.user(id); if (u) this.view.userForm(u); }

  save(formEl) {
    const id = formEl.dataset.id;
    const body = this.view.values(formEl);
    if (id && !body.password) delete body.password;
    // A user's name is fixed once made: PUT changes only the role and the password.
    const call = id ? this.ctx.api.put(`users/${id}`, { role: body.role, password: body.password })
      : this.ctx.api.post('users', body);
    this.submit(formEl, call, t('users.saved', { name: body.username || (this.user(id) || {}).username }));
  }

  async delete(id) {
    const u = this.user(id);
    if (!u || !this.view.confirm(t('confirm.delete', { name: u.username }))) return;
    await this.action(null, this.ctx.api.del(`users/${id}`));
  }
}
