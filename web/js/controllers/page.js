// The base of every page controller, as PageView is of every view: the view it mounts, one load
// that fetches and renders, `alive` so nothing renders into a page that was left, and the two ways
// a page writes (a dialog form, a button). Controllers never touch the DOM: the view does.
import { describe } from '../views/page.js';

export class PageController {
  /**
   * @param ctx the app context (api, notify, fail, live, session).
   * @param View the page's view class (a PageView).
   * @param state the page's initial state; `error` is added.
   */
  constructor(ctx, View, state = {}) {
    this.ctx = ctx;
    this.View = View;
    this.state = { error: '', ...state };
    this.alive = true;
  }

  /** Mounts the view, shows it loading, loads. */
  show(main) {
    this.view = new this.View(main, this);
    this.view.loading();
    this.load();
  }

  /** The page is left: pending loads stop rendering. Subclasses stop their timers and call super. */
  dispose() { this.alive = false; }

  /** Fetches (`fetch`, the subclass's), keeps the error, renders when the page is still shown. */
  async load() {
    try { await this.fetch(); this.state.error = ''; } catch (err) { this.state.error = describe(err); }
    if (this.alive) this.render();
  }

  /** Fills `state` from the API; throws what the page shows as its error. */
  async fetch() {}

  render() { this.view.render(this.state); }
  refresh() { this.load(); }

  /** A write from a dialog form: busy submit button, errors next to the fields, close, notify, reload. */
  async submit(formEl, call, message) {
    try {
      const result = await this.view.submitting(formEl, call);
      this.view.closeDialogOf(formEl);
      this.ctx.notify(message, 'success');
      this.load();
      return result;
    } catch (err) { this.view.errors(formEl, err); return undefined; }
  }

  /** A write from a button: busy button, notify, reload; a failure is shown in the button's dialog, else as a notice. */
  async action(el, call, message) {
    if (el) this.view.dialogError(el, null);
    try {
      await this.view.busy(el, call);
      if (message) this.ctx.notify(message, 'success');
      this.load();
      return true;
    } catch (err) { this.failAt(el, err); return false; }
  }

  /** An error next to the control that caused it: inside its dialog, else as a notice. */
  failAt(el, err) { if (!(el && this.view.dialogError(el, err))) this.ctx.fail(err); }
}
