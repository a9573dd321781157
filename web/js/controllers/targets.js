// Targets: read view of the iSCSI targets disklessd made, and an on-demand reconcile.
import { TargetsView } from '../views/targets.js';
import { PageController } from './page.js';
import { t } from '../i18n.js';

export class TargetsController extends PageController {
  constructor(ctx) { super(ctx, TargetsView, { data: null, result: null }); }

  async fetch() { this.state.data = await this.ctx.api.get('targets'); }

  async reconcile(_, el) {
    await this.action(el, this.ctx.api.post('reconcile', {}).then((r) => { this.state.result = r; }), t('targets.reconciled'));
  }
}
