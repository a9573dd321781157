// Dashboard: health alerts, images that boot no one yet, stats; refreshed when events arrive.
import { DashboardView } from '../views/dashboard.js';
import { PageController } from './page.js';
import { unversionedImages } from './imageHealth.js';
import { itemsOf } from './util.js';

export class DashboardController extends PageController {
  constructor(ctx) { super(ctx, DashboardView, { stats: null, alerts: [], unversioned: [] }); }

  show(main) {
    super.show(main);
    this.unsubscribe = this.ctx.live.subscribe(() => { clearTimeout(this.timer); this.timer = setTimeout(() => this.load(), 1500); });
  }

  dispose() { super.dispose(); clearTimeout(this.timer); if (this.unsubscribe) this.unsubscribe(); }

  async fetch() {
    const [stats, alerts, unversioned] = await Promise.all([
      this.ctx.api.get('stats'),
      // Servers without health alerts answer 404: the dashboard then shows none.
      this.ctx.api.get('health/alerts').then(itemsOf, () => []),
      unversionedImages(this.ctx.api).catch(() => []),
    ]);
    this.state.stats = stats;
    // The server's no-version alert and the console's own banner say the same: keep the banner (it has Commit).
    this.state.alerts = alerts.filter((a) => !(unversioned.length && /noVersion/i.test(a.code || '')));
    this.state.unversioned = unversioned;
  }
}
