// Boot items: create/edit every kind, delete, preview the generated iPXE script.
import { BootItemsView, kindFields } from '../views/bootItems.js';
import { PageController } from './page.js';
import { describe } from '../views/page.js';
import { t } from '../i18n.js';
import { itemsOf } from './util.js';

export class BootItemsController extends PageController {
  constructor(ctx) { super(ctx, BootItemsView, { items: [], images: [], machines: [] }); }

  /** The items; images and machines (for the forms) are best effort. */
  async fetch() {
    const api = this.ctx.api;
    const [items, images, machines] = await Promise.allSettled([
      api.get('boot-items', { limit: 500 }), api.get('images', { limit: 500 }), api.get('machines', { limit: 500, sort: 'name' })]);
    this.state.items = items.status === 'fulfilled' ? itemsOf(items.value) : [];
    this.state.images = images.status === 'fulfilled' ? itemsOf(images.value) : [];
    this.state.machines = machines.status === 'fulfilled' ? itemsOf(machines.value) : [];
    if (items.status === 'rejected') throw items.reason;
  }

  item(id) { return this.state.items.find((b) => String(b.id) === String(id)); }
  create() { this.view.itemForm({}, this.state.images, this.state.machines); }
  edit(id) { const b = this.item(id); if (b) this.view.itemForm(b, this.state.images, this.state.machines); }
  openPreview(id) { const b = this.item(id); if (b) this.view.previewDialog(b, this.state.machines); }
  kindChanged(el) { this.view.showKind(el.form); }
  labelTyped(el) { this.view.warnLabel(el); }

  save(formEl) {
    const id = formEl.dataset.id;
    const old = id ? this.item(id) : null;
    const v = this.view.values(formEl);
    // Fields that do not belong to the kind must be empty (the API rejects them otherwise).
    const keep = kindFields[v.kind] || [];
    const body = { name: v.name, label: v.label || v.name, kind: v.kind, revision: old ? old.revision : 1,
      osImage: null, dataImages: [], sanFilename: null, osFamily: null, clearGateway: null, files: [], kernel: null, initrd: null, cmdline: null, url: null };
    for (const k of keep) body[k] = v[k];
    const call = old ? this.ctx.api.put(`boot-items/${id}`, body, `"${old.revision}"`) : this.ctx.api.post('boot-items', body);
    this.submit(formEl, call, t('bootItems.saved', { name: body.name }));
  }

  async delete(id, el) {
    const b = this.item(id);
    if (!b || !this.view.confirm(t('confirm.delete', { name: b.name }))) return;
    await this.action(el, this.ctx.api.del(`boot-items/${id}`), t('bootItems.deleted', { name: b.name }));
  }

  /** GET boot-items/{id}/preview?machine= → text/plain iPXE script, or the API's error. */
  async preview(formEl) {
    const { machine } = this.view.values(formEl);
    try {
      const text = await this.view.submitting(formEl,
        this.ctx.api.request('GET', `boot-items/${formEl.dataset.id}/preview`, { query: { machine } }));
      this.view.showPreview(formEl, typeof text === 'string' ? text : JSON.stringify(text, null, 2), false);
    } catch (err) { this.view.showPreview(formEl, describe(err), true); }
  }
}
