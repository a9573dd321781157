// Images: create, import (job with progress), resize, commit/discard, rollback, delete.
import { ImagesView } from '../views/images.js';
import { PageController } from './page.js';
import { t } from '../i18n.js';
import { itemsOf, sleep } from './util.js';
import { unversionedImages } from './imageHealth.js';

export class ImagesController extends PageController {
  /** `#/images?commit=<id>` (the dashboard's banner) opens that image's Commit dialog once loaded. */
  constructor(ctx, rest, query) {
    super(ctx, ImagesView, { items: [], unversioned: [] });
    this.pendingCommit = query && query.get('commit');
  }

  async fetch() {
    this.state.items = itemsOf(await this.ctx.api.get('images', { limit: 500 }));
    try { this.state.unversioned = await unversionedImages(this.ctx.api, this.state.items); } catch { this.state.unversioned = []; }
  }

  render() {
    super.render();
    if (this.pendingCommit) { const id = this.pendingCommit; this.pendingCommit = null; this.openCommit(id); }
  }

  image(id) { return this.state.items.find((i) => String(i.id) === String(id)); }
  create() { this.view.createForm(); }
  openResize(id) { const i = this.image(id); if (i) this.view.resizeForm(i); }
  openCommit(id) { const i = this.image(id); if (i) this.view.commitForm(i); }
  openImport(id) { const i = this.image(id); if (i) this.view.importForm(i); }
  async openVersions(id) {
    let img = this.image(id);
    if (img && !Array.isArray(img.versions)) { try { img = await this.ctx.api.get(`images/${id}`); } catch (err) { this.ctx.fail(err); return; } }
    if (img) this.view.versionsDialog(img);
  }

  save(formEl) {
    const v = this.view.values(formEl);
    this.submit(formEl, this.ctx.api.post('images', v), t('images.created', { name: v.name }));
  }

  resize(formEl) {
    const img = this.image(formEl.dataset.id);
    const { sizeMiB } = this.view.values(formEl);
    this.submit(formEl, this.ctx.api.put(`images/${img.id}`, { name: img.name, kind: img.kind, description: img.description, sizeMiB }, `"${img.revision}"`),
      t('images.resized', { name: img.name }));
  }

  commit(formEl) {
    const img = this.image(formEl.dataset.id);
    this.submit(formEl, this.ctx.api.post(`images/${img.id}/commit`, this.view.values(formEl)), t('images.committed', { name: img.name }));
  }

  async discard(id, el) {
    const img = this.image(id);
    if (!img || !this.view.confirm(t('confirm.discard', { name: img.name }))) return;
    await this.action(el, this.ctx.api.post(`images/${id}/discard`, {}), t('images.discarded', { name: img.name }));
  }

  async rollback(ref, el) {
    const [id, n] = ref.split(':');
    await this.action(el, this.ctx.api.post(`images/${id}/rollback`, { version: Number(n) }), t('images.rolledBack', { n }));
    this.view.closeDialogOf(el);
  }

  async deleteVersion(ref, el) {
    const [id, n] = ref.split(':');
    if (!this.view.confirm(t('confirm.deleteVersion', { n }))) return;
    await this.action(el, this.ctx.api.del(`images/${id}/versions/${n}`), t('images.versionDeleted', { n }));
    this.view.closeDialogOf(el);
  }

  /** Deleting an image in use is refused by the API (409): its detail names the users. */
  async delete(id, el) {
    const img = this.image(id);
    if (!img || !this.view.confirm(t('confirm.delete', { name: img.name }))) return;
    await this.action(el, this.ctx.api.del(`images/${id}`), t('images.deleted', { name: img.name }));
  }

  /** Import from a server path or an uploaded file; both answer with a job that is polled. */
  async import(formEl) {
    const img = this.image(formEl.dataset.id);
    const dlg = this.view.dialogOf(formEl);
    const { path, file } = this.view.values(formEl);
    const run = async () => {
      const job = file
        ? await this.ctx.api.upload(`images/${img.id}/content`, file,
          (done, total) => this.view.progress(dlg, { bytesDone: done, bytesTotal: total, state: 'running' }))
        : await this.ctx.api.post(`images/${img.id}/import`, { path });
      const ended = await this.follow(job, dlg);
      if (ended && ended.state === 'failed') throw Object.assign(new Error(ended.message), { detail: ended.message });
    };
    await this.submit(formEl, run(), t('images.imported', { name: img.name }));
  }

  /** Polls a job until it leaves `running`; the dialog's progress bar follows it. */
  async follow(job, dlg) {
    while (job && job.id !== undefined && job.state === 'running' && this.alive) {
      this.view.progress(dlg, job);
      await sleep(500);
      job = await this.ctx.api.get(`jobs/${job.id}`);
    }
    if (job && job.state) this.view.progress(dlg, job);
    return job;
  }
}
