// Events: filtered, paged audit log; new events appear live on the first page.
import { EventsView } from '../views/events.js';
import { describe } from '../views/page.js';

export class EventsController {
  constructor(ctx) {
    this.ctx = ctx;
    this.state = { list: { items: [] }, query: { action: '', subject: '', actor: '', outcome: '', since: '', offset: 0 }, error: '' };
  }

  show(main) {
    this.view = new EventsView(main, this);
    this.view.render(this.state);
    this.unsubscribe = this.ctx.live.subscribe(() => {
      if (this.state.query.offset !== 0) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.load(), 1000);
    });
    this.load();
  }

  dispose() { clearTimeout(this.timer); if (this.unsubscribe) this.unsubscribe(); }

  async load() {
    const { since, ...q } = this.state.query;
    // Whole seconds: the API reads plain ISO 8601 (no fractional part).
    const sinceISO = since ? new Date(since).toISOString().replace(/\.\d+Z$/, 'Z') : '';
    try { this.state.list = await this.ctx.api.get('events', { ...q, since: sinceISO, limit: 50 }); this.state.error = ''; } catch (err) { this.state.error = describe(err); }
    this.view.renderList(this.state);
  }

  filter(formEl) { this.state.query = { ...this.view.filters(formEl), offset: 0 }; this.load(); }
  page(offset) { this.state.query.offset = Number(offset); this.load(); }
}
