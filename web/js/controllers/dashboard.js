// Dashboard: health alerts, images that boot no one yet, stats; refreshed when events arrive.
import { DashboardView } from '../views/dashboard.js';
import { PageController } from './page.js';
import { unversionedImages } from './imageHealth.js';
import { itemsOf } from './util.js';
import { settingsBody } from './settingsBody.js';
import { localAlerts } from './localAlerts.js';
import { t } from '../i18n.js';

export class DashboardController extends PageController {
  constructor(ctx) { super(ctx, DashboardView, { stats: null, alerts: [], unversioned: [] }); }

  show(main) {
    super.show(main);
    this.unsubscribe = this.ctx.live.subscribe(() => { clearTimeout(this.timer); this.timer = setTimeout(() => this.load(), 1500); });
  }

  async firstRunSave(formEl) {
    const body = settingsBody(this.state.firstRun, this.view.values(formEl));
    const old = this.state.firstRun;
    await this.submit(formEl, this.ctx.api.put('settings', body, old.etag || `"${old.revision}"`), t('firstRun.saved'));
  }

  dispose() { super.dispose(); clearTimeout(this.timer); if (this.unsubscribe) this.unsubscribe(); }

  async fetch() {
    const [stats, alerts, unversioned] = await Promise.all([
      this.ctx.api.get('stats'),
      // Servers without health alerts (404) get the console's own.
      this.ctx.api.get('health/alerts').then((r) => (r && Array.isArray(r.alerts) ? r.alerts : itemsOf(r)), (err) => (err.status === 404 ? null : [])),
      unversionedImages(this.ctx.api).catch(() => []),
    ]);
    this.state.stats = stats;
    const all = alerts === null ? await localAlerts(this.ctx.api, stats) : alerts;
    // The first-run wizard, while the server says settings were never saved (`firstRun`), for those who may save them.
    this.state.firstRun = null;
    if (this.ctx.session && this.ctx.session.role === 'admin') {
      const settings = await this.ctx.api.get('settings').catch(() => null);
      if (settings && settings.firstRun === true) this.state.firstRun = settings;
    }
    // The server's no-version alert and the console's own banner say the same: keep the banner (it has Commit).
    this.state.alerts = all.filter((a) => !(unversioned.length && /noVersion/i.test(a.code || '')));
    this.state.unversioned = unversioned;
  }
}
