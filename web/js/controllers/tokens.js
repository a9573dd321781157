// API tokens (admin): create (the secret is shown once, here only), list, revoke.
import { TokensView } from '../views/users.js';
import { values, showErrors } from '../views/form.js';
import { describe } from '../views/page.js';
import { t } from '../i18n.js';
import { itemsOf } from './util.js';

export class TokensController {
  constructor(ctx) { this.ctx = ctx; this.state = { items: [], error: '', created: null }; this.alive = true; }

  show(main) { this.view = new TokensView(main, this); this.view.loading(); this.load(); }
  dispose() { this.alive = false; }

  async load() {
    try { this.state.items = itemsOf(await this.ctx.api.get('tokens')); this.state.error = ''; } catch (err) { this.state.error = describe(err); }
    if (this.alive) this.view.render(this.state);
  }

  async save(formEl) {
    try {
      this.state.created = await this.view.busy(formEl.querySelector('[type=submit]'), this.ctx.api.post('tokens', values(formEl)));
      this.load();
    } catch (err) { showErrors(formEl, err); }
  }

  async copy() {
    try { await navigator.clipboard.writeText(this.state.created.token); this.ctx.notify(t('tokens.copied'), 'success'); } catch { this.ctx.notify(t('tokens.copyFailed'), 'error'); }
  }

  async delete(id) {
    const x = this.state.items.find((i) => String(i.id) === String(id));
    if (!x || !confirm(t('confirm.revoke', { name: x.name }))) return;
    try { await this.ctx.api.del(`tokens/${id}`); this.load(); } catch (err) { this.ctx.fail(err); }
  }
}
