// Images: create, import (job with progress), resize, commit/discard, rollback, delete.
import { ImagesView } from '../views/images.js';
import { values, showErrors } from '../views/form.js';
import { describe } from '../views/page.js';
import { t } from '../i18n.js';
import { itemsOf, sleep } from './util.js';

export class ImagesController {
  constructor(ctx) { this.ctx = ctx; this.state = { items: [], error: '' }; this.alive = true; }

  show(main) {
    this.view = new ImagesView(main, this);
    this.view.loading();
    this.load();
  }

  dispose() { this.alive = false; }

  async load() {
    try { this.state.items = itemsOf(await this.ctx.api.get('images', { limit: 500 })); this.state.error = ''; } catch (err) { this.state.error = describe(err); }
    if (this.alive) this.view.render(this.state);
  }

  image(id) { return this.state.items.find((i) => String(i.id) === String(id)); }
  refresh() { this.load(); }
  create() { this.view.createForm(); }
  openResize(id) { const i = this.image(id); if (i) this.view.resizeForm(i); }
  openCommit(id) { const i = this.image(id); if (i) this.view.commitForm(i); }
  openImport(id) { const i = this.image(id); if (i) this.view.importForm(i); }
  openVersions(id) { const i = this.image(id); if (i) this.view.versionsDialog(i); }

  /** Runs a write from a dialog form: busy button, errors next to fields, close and reload. */
  async submit(formEl, call, message) {
    try {
      await this.view.busy(formEl.querySelector('[type=submit]'), call);
      formEl.closest('dialog').close();
      this.ctx.notify(message, 'success');
      this.load();
    } catch (err) { showErrors(formEl, err); }
  }

  save(formEl) {
    const v = values(formEl);
    this.submit(formEl, this.ctx.api.post('images', v), t('images.created', { name: v.name }));
  }

  resize(formEl) {
    const img = this.image(formEl.dataset.id);
    const { sizeMiB } = values(formEl);
    this.submit(formEl, this.ctx.api.put(`images/${img.id}`, { name: img.name, kind: img.kind, description: img.description, sizeMiB }, `"${img.revision}"`),
      t('images.resized', { name: img.name }));
  }

  commit(formEl) {
    const img = this.image(formEl.dataset.id);
    this.submit(formEl, this.ctx.api.post(`images/${img.id}/commit`, values(formEl)), t('images.committed', { name: img.name }));
  }

  async discard(id, el) {
    const img = this.image(id);
    if (!img || !confirm(t('confirm.discard', { name: img.name }))) return;
    await this.action(el, this.ctx.api.post(`images/${id}/discard`, {}), t('images.discarded', { name: img.name }));
  }

  async rollback(ref, el) {
    const [id, n] = ref.split(':');
    await this.action(el, this.ctx.api.post(`images/${id}/rollback`, { version: Number(n) }), t('images.rolledBack', { n }));
    const dlg = el.closest('dialog');
    if (dlg) dlg.close();
  }

  async deleteVersion(ref, el) {
    const [id, n] = ref.split(':');
    if (!confirm(t('confirm.deleteVersion', { n }))) return;
    await this.action(el, this.ctx.api.del(`images/${id}/versions/${n}`), t('images.versionDeleted', { n }));
    const dlg = el.closest('dialog');
    if (dlg) dlg.close();
  }

  /** Deleting an image in use is refused by the API (409): its detail names the users. */
  async delete(id, el) {
    const img = this.image(id);
    if (!img || !confirm(t('confirm.delete', { name: img.name }))) return;
    await this.action(el, this.ctx.api.del(`images/${id}`), t('images.deleted', { name: img.name }));
  }

  async action(el, call, message) {
    try { await this.view.busy(el, call); this.ctx.notify(message, 'success'); this.load(); } catch (err) { this.ctx.fail(err); }
  }

  /** Import from a server path or an uploaded file; both answer with a job that is polled. */
  async import(formEl) {
    const img = this.image(formEl.dataset.id);
    const dlg = formEl.closest('dialog');
    const { path, file } = values(formEl);
    const submit = formEl.querySelector('[type=submit]');
    submit.disabled = true;
    try {
      let job;
      if (file) {
        job = await this.ctx.api.upload(`images/${img.id}/content`, file,
          (done, total) => this.view.progress(dlg, { bytesDone: done, bytesTotal: total, state: 'running' }));
      } else {
        job = await this.ctx.api.post(`images/${img.id}/import`, { path });
      }
      job = await this.follow(job, dlg);
      if (job && job.state === 'failed') throw Object.assign(new Error(job.message), { detail: job.message });
      this.ctx.notify(t('images.imported', { name: img.name }), 'success');
      if (dlg.open) dlg.close();
      this.load();
    } catch (err) {
      showErrors(formEl, err);
    } finally { submit.disabled = false; }
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
