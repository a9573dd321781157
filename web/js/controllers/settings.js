// Settings: load the document, save it with If-Match, preview generated configs.
import { SettingsView, applyModes } from '../views/settings.js';
import { settingsBody } from './settingsBody.js';
import { PageController } from './page.js';
import { describe } from '../views/page.js';
import { t } from '../i18n.js';

export class SettingsController extends PageController {
  constructor(ctx) { super(ctx, SettingsView, { settings: null, previewKind: '' }); }

  async fetch() {
    this.state.settings = await this.ctx.api.get('settings');
    await this.loadBootFiles();
  }

  /** GET settings/boot-files: the iPXE build each platform starts (shown under the TFTP section). */
  async loadBootFiles() {
    try { this.state.bootFiles = await this.ctx.api.get('settings/boot-files'); this.state.bootFilesError = ''; } catch (err) {
      this.state.bootFiles = null; this.state.bootFilesError = describe(err);
    }
  }

  /** Sends the whole document: fields the form does not show are kept as loaded. */
  async save(formEl) {
    const old = this.state.settings;
    const v = this.view.values(formEl);
    const body = settingsBody(old, v);
    try {
      const saved = await this.view.submitting(formEl, this.ctx.api.put('settings', body, old.etag || `"${old.revision}"`));
      this.state.settings = saved && typeof saved === 'object' && saved.storage ? saved : await this.ctx.api.get('settings');
      await this.loadBootFiles();
      this.ctx.notify(t('settings.saved'), 'success');
      this.render();
      if (this.state.previewKind) this.preview(this.state.previewKind);
    } catch (err) { this.view.errors(formEl, err); }
  }

  render() { super.render(); this.view.track(); }
  modeChanged(el) { applyModes(el.form); }

  /** Unsaved edits: the app asks before leaving the page. */
  canLeave() { return !(this.view && this.view.dirty); }

  async preview(kind, el) {
    this.state.previewKind = kind;
    this.view.markPressed(kind);
    try {
      const text = await this.view.busy(el, this.ctx.api.get(`settings/preview/${kind}`));
      this.view.showPreview(typeof text === 'string' ? text : JSON.stringify(text, null, 2), false);
    } catch (err) { this.view.showPreview(describe(err), true); }
  }
}
