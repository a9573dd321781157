// Settings: load the document, save it with If-Match, preview generated configs.
import { SettingsView, sectionNames } from '../views/settings.js';
import { PageController } from './page.js';
import { describe } from '../views/page.js';
import { t } from '../i18n.js';

export class SettingsController extends PageController {
  constructor(ctx) { super(ctx, SettingsView, { settings: null, previewKind: '' }); }

  async fetch() { this.state.settings = await this.ctx.api.get('settings'); }

  /** Sends the whole document: fields the form does not show are kept as loaded. */
  async save(formEl) {
    const old = this.state.settings;
    const v = this.view.values(formEl);
    // Exactly the document's sections and its revision: the API refuses unknown members.
    const body = { revision: old.revision };
    for (const sec of sectionNames) body[sec] = { ...structuredClone(old[sec] || {}), ...(v[sec] || {}) };
    // The Smyoo password is write-only: an empty field keeps the stored one.
    const smyoo = body.power && body.power.smyoo;
    if (smyoo) { if (!smyoo.password) delete smyoo.password; delete smyoo.passwordSet; }
    try {
      const saved = await this.view.submitting(formEl, this.ctx.api.put('settings', body, old.etag || `"${old.revision}"`));
      this.state.settings = saved && typeof saved === 'object' && saved.storage ? saved : await this.ctx.api.get('settings');
      this.ctx.notify(t('settings.saved'), 'success');
      this.render();
      if (this.state.previewKind) this.preview(this.state.previewKind);
    } catch (err) { this.view.errors(formEl, err); }
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
