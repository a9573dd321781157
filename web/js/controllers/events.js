// Events: filtered, paged audit log; new events appear live on the first page. `#/events?machine=<id>`
// is one machine's history. Subjects read as names (the server's `subjectName`, else looked up here).
import { EventsView } from '../views/events.js';
import { PageController } from './page.js';
import { itemsOf } from './util.js';
import { t } from '../i18n.js';
import { allMachines } from './imageHealth.js';

export class EventsController extends PageController {
  constructor(ctx, rest, query) {
    const machine = query && query.get('machine');
    super(ctx, EventsView, { list: { items: [] }, machine: machine || '', machineName: '', names: new Map(),
      query: { action: (query && query.get('action')) || '', subject: machine ? `machine/${machine}` : '', actor: '',
        outcome: (query && query.get('outcome')) || '', since: '', offset: 0 } });
  }

  /** The filter form stays while the list loads: the page renders whole once, then only its list. */
  show(main) {
    this.view = new this.View(main, this);
    this.view.render(this.state);
    this.unsubscribe = this.ctx.live.subscribe((e) => {
      if (this.state.query.offset !== 0 || e.action === 'live.mode') return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.load(), 1000);
    });
    this.load();
  }

  dispose() { super.dispose(); clearTimeout(this.timer); if (this.unsubscribe) this.unsubscribe(); }

  async fetch() {
    const { since, ...q } = this.state.query;
    // Whole seconds: the API reads plain ISO 8601 (no fractional part).
    const when = since ? new Date(since.trim().replace(' ', 'T')) : null;
    if (when && Number.isNaN(when.getTime())) throw new Error(t('events.badSince', { format: t('events.sinceFormat') }));
    const sinceISO = when ? when.toISOString().replace(/\.\d+Z$/, 'Z') : '';
    this.state.list = await this.ctx.api.get('events', { ...q, since: sinceISO, limit: 50 });
    await this.resolveNames(itemsOf(this.state.list));
    if (this.state.machine) this.state.machineName = this.state.names.get(`machine/${this.state.machine}`) || `#${this.state.machine}`;
  }

  /** Names for `machine/40`-style subjects the server did not name (older servers): looked up once. */
  async resolveNames(items) {
    const names = this.state.names;
    for (const e of items) if (e.subjectName) names.set(e.subject, e.subjectName);
    const missing = items.some((e) => !names.has(e.subject) && /^(machine|image|boot-item|bootItem)\/\d+$/.test(e.subject || ''));
    if ((!missing && !(this.state.machine && !names.has(`machine/${this.state.machine}`))) || this.looked) return;
    this.looked = true;
    const api = this.ctx.api;
    const [machines, images, items2] = await Promise.all([allMachines(api).catch(() => []),
      api.get('images', { limit: 500 }).then(itemsOf, () => []), api.get('boot-items', { limit: 500 }).then(itemsOf, () => [])]);
    for (const m of machines) names.set(`machine/${m.id}`, m.name);
    for (const i of images) names.set(`image/${i.id}`, i.name);
    for (const b of items2) { names.set(`boot-item/${b.id}`, b.label || b.name); names.set(`bootItem/${b.id}`, b.label || b.name); }
  }

  render() { this.view.renderList(this.state); }

  filter(formEl) {
    const f = this.view.filters(formEl);
    this.state.query = { ...f, subject: f.subject || (this.state.machine ? `machine/${this.state.machine}` : ''), offset: 0 };
    this.load();
  }

  page(offset) { this.state.query.offset = Number(offset); this.load(); }
}
