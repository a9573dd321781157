// API tokens (admin): create (the secret is shown once, here only), list, revoke.
import { TokensView } from '../views/users.js';
import { PageController } from './page.js';
import { t } from '../i18n.js';
import { itemsOf } from './util.js';

export class TokensController extends PageController {
  constructor(ctx) { super(ctx, TokensView, { items: [], created: null }); }

  async fetch() { this.state.items = itemsOf(await this.ctx.api.get('tokens')); }

  async save(formEl) {
    try {
      this.state.created = await this.view.submitting(formEl, this.ctx.api.post('tokens', this.view.values(formEl)));
      this.load();
    } catch (err) { this.view.errors(formEl, err); }
  }

  async copy() {
    try { await navigator.clipboard.writeText(this.state.created.token); this.ctx.notify(t('tokens.copied'), 'success'); } catch { this.ctx.notify(t('tokens.copyFailed'), 'error'); }
  }

  async delete(id) {
    const x = this.state.items.find((i) => String(i.id) === String(id));
    if (!x || !this.view.confirm(t('confirm.revoke', { name: x.name }))) return;
    await this.action(null, this.ctx.api.del(`tokens/${id}`));
  }
}
