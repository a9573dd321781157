// Dashboard: stats, refreshed when events arrive.
import { DashboardView } from '../views/dashboard.js';
import { describe } from '../views/page.js';

export class DashboardController {
  constructor(ctx) { this.ctx = ctx; this.state = { stats: null, error: '' }; this.alive = true; }

  show(main) {
    this.view = new DashboardView(main, this);
    this.view.loading();
    this.unsubscribe = this.ctx.live.subscribe(() => { clearTimeout(this.timer); this.timer = setTimeout(() => this.load(), 1500); });
    this.load();
  }

  dispose() { this.alive = false; clearTimeout(this.timer); if (this.unsubscribe) this.unsubscribe(); }

  async load() {
    try { this.state.stats = await this.ctx.api.get('stats'); this.state.error = ''; } catch (err) { this.state.error = describe(err); }
    if (this.alive) this.view.render(this.state);
  }
}
