// Dashboard: stats, refreshed when events arrive.
import { DashboardView } from '../views/dashboard.js';
import { PageController } from './page.js';

export class DashboardController extends PageController {
  constructor(ctx) { super(ctx, DashboardView, { stats: null }); }

  show(main) {
    super.show(main);
    this.unsubscribe = this.ctx.live.subscribe(() => { clearTimeout(this.timer); this.timer = setTimeout(() => this.load(), 1500); });
  }

  dispose() { super.dispose(); clearTimeout(this.timer); if (this.unsubscribe) this.unsubscribe(); }

  async fetch() { this.state.stats = await this.ctx.api.get('stats'); }
}
