// Boot items: create/edit every kind, delete, preview the generated iPXE script.
import { BootItemsView, kindFields } from '../views/bootItems.js';
import { values, showErrors } from '../views/form.js';
import { describe } from '../views/page.js';
import { t } from '../i18n.js';
import { itemsOf } from './util.js';

export class BootItemsController {
  constructor(ctx) { this.ctx = ctx; this.state = { items: [], images: [], machines: [], error: '' }; this.alive = true; }

  show(main) {
    this.view = new BootItemsView(main, this);
    this.view.loading();
    this.load();
  }

  dispose() { this.alive = false; }

  async load() {
    const api = this.ctx.api;
    const [items, images, machines] = await Promise.allSettled([
      api.get('boot-items', { limit: 500 }), api.get('images', { limit: 500 }), api.get('machines', { limit: 500, sort: 'name' })]);
    this.state.error = items.status === 'rejected' ? describe(items.reason) : '';
    this.state.items = items.status === 'fulfilled' ? itemsOf(items.value) : [];
    this.state.images = images.status === 'fulfilled' ? itemsOf(images.value) : [];
    this.state.machines = machines.status === 'fulfilled' ? itemsOf(machines.value) : [];
    if (this.alive) this.view.render(this.state);
  }

  item(id) { return this.state.items.find((b) => String(b.id) === String(id)); }
  create() { this.view.itemForm({}, this.state.images, this.state.machines); }
  edit(id) { const b = this.item(id); if (b) this.view.itemForm(b, this.state.images, this.state.machines); }
  openPreview(id) { const b = this.item(id); if (b) this.view.previewDialog(b, this.state.machines); }
  kindChanged(el) { this.view.showKind(el.form); }

  async save(formEl) {
    const id = formEl.dataset.id;
    const old = id ? this.item(id) : null;
    const v = values(formEl);
    // Fields that do not belong to the kind must be empty (the API rejects them otherwise).
    const keep = kindFields[v.kind] || [];
    const body = { name: v.name, label: v.label || v.name, kind: v.kind, revision: old ? old.revision : 1,
      osImage: null, dataImages: [], sanFilename: null, osFamily: null, clearGateway: null, files: [], kernel: null, initrd: null, cmdline: null, url: null };
    for (const k of keep) body[k] = v[k];
    try {
      const call = old ? this.ctx.api.put(`boot-items/${id}`, body, `"${old.revision}"`) : this.ctx.api.post('boot-items', body);
      await this.view.busy(formEl.querySelector('[type=submit]'), call);
      formEl.closest('dialog').close();
      this.ctx.notify(t('bootItems.saved', { name: body.name }), 'success');
      this.load();
    } catch (err) { showErrors(formEl, err); }
  }

  async delete(id, el) {
    const b = this.item(id);
    if (!b || !confirm(t('confirm.delete', { name: b.name }))) return;
    try { await this.view.busy(el, this.ctx.api.del(`boot-items/${id}`)); this.ctx.notify(t('bootItems.deleted', { name: b.name }), 'success'); this.load(); } catch (err) { this.ctx.fail(err); }
  }

  /** GET boot-items/{id}/preview?machine= → text/plain iPXE script, or the API's error. */
  async preview(formEl) {
    const { machine } = values(formEl);
    try {
      const text = await this.view.busy(formEl.querySelector('[type=submit]'),
        this.ctx.api.request('GET', `boot-items/${formEl.dataset.id}/preview`, { query: { machine } }));
      this.view.showPreview(formEl, typeof text === 'string' ? text : JSON.stringify(text, null, 2), false);
    } catch (err) { this.view.showPreview(formEl, describe(err), true); }
  }
}
