// Settings: load the document, save it with If-Match, preview generated configs.
import { SettingsView, sectionNames } from '../views/settings.js';
import { values, showErrors } from '../views/form.js';
import { describe } from '../views/page.js';
import { t } from '../i18n.js';

export class SettingsController {
  constructor(ctx) { this.ctx = ctx; this.state = { settings: null, error: '', previewKind: '' }; this.alive = true; }

  show(main) {
    this.view = new SettingsView(main, this);
    this.view.loading();
    this.load();
  }

  dispose() { this.alive = false; }

  async load() {
    try { this.state.settings = await this.ctx.api.get('settings'); this.state.error = ''; } catch (err) { this.state.error = describe(err); }
    if (this.alive) this.view.render(this.state);
  }

  /** Sends the whole document: fields the form does not show are kept as loaded. */
  async save(formEl) {
    const old = this.state.settings;
    const v = values(formEl);
    // Exactly the document's sections and its revision: the API refuses unknown members.
    const body = { revision: old.revision };
    for (const sec of sectionNames) body[sec] = { ...structuredClone(old[sec] || {}), ...(v[sec] || {}) };
    // The Smyoo password is write-only: an empty field keeps the stored one.
    const smyoo = body.power && body.power.smyoo;
    if (smyoo) { if (!smyoo.password) delete smyoo.password; delete smyoo.passwordSet; }
    try {
      const saved = await this.view.busy(formEl.querySelector('[type=submit]'),
        this.ctx.api.put('settings', body, old.etag || `"${old.revision}"`));
      this.state.settings = saved && typeof saved === 'object' && saved.storage ? saved : await this.ctx.api.get('settings');
      this.ctx.notify(t('settings.saved'), 'success');
      this.view.render(this.state);
      if (this.state.previewKind) this.preview(this.state.previewKind);
    } catch (err) { showErrors(formEl, err); }
  }

  async preview(kind, el) {
    this.state.previewKind = kind;
    this.view.markPressed(kind);
    try {
      const text = await this.view.busy(el, this.ctx.api.get(`settings/preview/${kind}`));
      this.view.showPreview(typeof text === 'string' ? text : JSON.stringify(text, null, 2), false);
    } catch (err) { this.view.showPreview(describe(err), true); }
  }
}
