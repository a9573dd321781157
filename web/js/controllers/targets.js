// Targets: read view of the iSCSI targets disklessd made, and an on-demand reconcile.
import { TargetsView } from '../views/targets.js';
import { PageController } from './page.js';
import { t } from '../i18n.js';

export class TargetsController extends PageController {
  constructor(ctx) { super(ctx, TargetsView, { data: null, result: null }); }

  async fetch() { this.state.data = await this.ctx.api.get('targets'); }

  /** A reconcile that reported errors is no success: its report (on the page) says what failed, the notice says so too. */
  async reconcile(_, el) {
    const ok = await this.action(el, this.ctx.api.post('reconcile', {}).then((r) => { this.state.result = r; }));
    if (!ok) return;
    const errors = this.state.result && this.state.result.errors;
    const n = Array.isArray(errors) ? errors.length : Number(errors) || 0;
    if (n) this.ctx.notify(t('targets.reconcileErrors', { n }), 'error');
    else this.ctx.notify(t('targets.reconciled'), 'success');
  }
}
