// Targets: read view of the iSCSI targets disklessd made, and an on-demand reconcile.
import { TargetsView } from '../views/targets.js';
import { describe } from '../views/page.js';
import { t } from '../i18n.js';

export class TargetsController {
  constructor(ctx) { this.ctx = ctx; this.state = { data: null, error: '', result: null }; this.alive = true; }

  show(main) {
    this.view = new TargetsView(main, this);
    this.view.loading();
    this.load();
  }

  dispose() { this.alive = false; }

  async load() {
    try { this.state.data = await this.ctx.api.get('targets'); this.state.error = ''; } catch (err) { this.state.error = describe(err); }
    if (this.alive) this.view.render(this.state);
  }

  refresh() { this.load(); }

  async reconcile(_, el) {
    try {
      this.state.result = await this.view.busy(el, this.ctx.api.post('reconcile', {}));
      this.ctx.notify(t('targets.reconciled'), 'success');
      this.load();
    } catch (err) { this.ctx.fail(err); }
  }
}
