// Events: filtered, paged audit log; new events appear live on the first page.
import { EventsView } from '../views/events.js';
import { PageController } from './page.js';

export class EventsController extends PageController {
  constructor(ctx) {
    super(ctx, EventsView, { list: { items: [] }, query: { action: '', subject: '', actor: '', outcome: '', since: '', offset: 0 } });
  }

  /** The filter form stays while the list loads: the page renders whole once, then only its list. */
  show(main) {
    this.view = new this.View(main, this);
    this.view.render(this.state);
    this.unsubscribe = this.ctx.live.subscribe(() => {
      if (this.state.query.offset !== 0) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.load(), 1000);
    });
    this.load();
  }

  dispose() { super.dispose(); clearTimeout(this.timer); if (this.unsubscribe) this.unsubscribe(); }

  async fetch() {
    const { since, ...q } = this.state.query;
    // Whole seconds: the API reads plain ISO 8601 (no fractional part).
    const sinceISO = since ? new Date(since).toISOString().replace(/\.\d+Z$/, 'Z') : '';
    this.state.list = await this.ctx.api.get('events', { ...q, since: sinceISO, limit: 50 });
  }

  render() { this.view.renderList(this.state); }

  filter(formEl) { this.state.query = { ...this.view.filters(formEl), offset: 0 }; this.load(); }
  page(offset) { this.state.query.offset = Number(offset); this.load(); }
}
