// Machines: list with search/sort/filters, live status, add/edit/delete, CSV import, discovered
// machines, per-machine actions.
import { MachinesView } from '../views/machines.js';
import { machineForm, importForm, showImportReport, actionsDialog, showPowerFields, values, showErrors } from '../views/machineDialogs.js';
import { nextSort } from '../views/table.js';
import { describe } from '../views/page.js';
import { t } from '../i18n.js';
import { toInput, itemsOf, hexraw } from './util.js';

export class MachinesController {
  constructor(ctx) {
    this.ctx = ctx;
    this.state = { list: { items: [] }, query: { q: '', group: '', status: '', sort: 'name', offset: 0 },
      groups: new Set(), bootItems: [], liveMode: ctx.live.mode, error: '' };
  }

  show(main) {
    this.view = new MachinesView(main, this);
    this.view.render(this.state);
    this.unsubscribe = this.ctx.live.subscribe((e) => this.onEvent(e));
    this.ctx.api.get('boot-items', { limit: 500 }).then((l) => { this.state.bootItems = itemsOf(l); this.view.renderList(this.state); })
      .catch(() => {});
    this.load();
    this.loadDiscovered();
    // Sightings of unknown MACs are not events (a booting café would flood the log): poll them.
    this.discoverTimer = setInterval(() => this.loadDiscovered(), 5000);
  }

  dispose() {
    if (this.unsubscribe) this.unsubscribe();
    clearTimeout(this.debounce);
    clearTimeout(this.liveTimer);
    clearInterval(this.discoverTimer);
  }

  async load() {
    const q = this.state.query;
    try {
      this.state.list = await this.ctx.api.get('machines', { ...q, limit: 50 });
      this.state.error = '';
      for (const m of this.state.list.items || []) if (m.group) this.state.groups.add(m.group);
    } catch (err) { this.state.error = describe(err); }
    this.state.liveMode = this.ctx.live.mode;
    this.view.renderList(this.state);
  }

  async loadDiscovered() {
    try { this.view.renderDiscovered(itemsOf(await this.ctx.api.get('discovered'))); } catch (err) { this.view.renderDiscovered([], describe(err)); }
  }

  /** Boot progress and machine changes arrive as events; reload at most every second. */
  onEvent(e) {
    const a = e.action || '';
    if (!(a.startsWith('boot') || a.startsWith('machine') || a.startsWith('power') || a.startsWith('discover') || a === 'poll')) return;
    clearTimeout(this.liveTimer);
    this.liveTimer = setTimeout(() => { this.load(); this.loadDiscovered(); }, 1000);
  }

  machine(id) { return (this.state.list.items || []).find((m) => String(m.id) === String(id)); }

  // Delegated handlers (names match data-action / data-form / data-change in the views).
  search(el) { this.state.query.q = el.value; this.state.query.offset = 0; clearTimeout(this.debounce); this.debounce = setTimeout(() => this.load(), 250); }
  filter(el) { this.state.query[el.name] = el.value; this.state.query.offset = 0; this.load(); }
  sort(key) { this.state.query.sort = nextSort(this.state.query.sort, key); this.load(); }
  page(offset) { this.state.query.offset = Number(offset); this.load(); }
  refresh() { this.load(); this.loadDiscovered(); }
  searchNow() { clearTimeout(this.debounce); this.load(); }
  add() { machineForm(this.view, {}, this.state.bootItems); }
  edit(id) { const m = this.machine(id); if (m) machineForm(this.view, m, this.state.bootItems); }
  more(id) { const m = this.machine(id); if (m) this.dialog = actionsDialog(this.view, m, this.state.bootItems); }
  openImport() { importForm(this.view); }
  powerChanged(el) { showPowerFields(el.form); }

  async save(formEl) {
    const id = formEl.dataset.id;
    const body = values(formEl);
    const old = id ? this.machine(id) : null;
    if (old && body.power && !body.power.ipmiPassword) delete body.power.ipmiPassword;
    const submit = formEl.querySelector('[type=submit]');
    try {
      if (old) await this.view.busy(submit, this.ctx.api.put(`machines/${id}`, body, `"${old.revision}"`));
      else await this.view.busy(submit, this.ctx.api.post('machines', body));
      formEl.closest('dialog').close();
      this.ctx.notify(t('machines.saved', { name: body.name }), 'success');
      this.load();
    } catch (err) { showErrors(formEl, err); }
  }

  async delete(id) {
    const m = this.machine(id);
    if (!m || !confirm(t('confirm.delete', { name: m.name }))) return;
    try { await this.ctx.api.del(`machines/${id}`); this.ctx.notify(t('machines.deleted', { name: m.name }), 'success'); this.load(); } catch (err) { this.ctx.fail(err); }
  }

  async import(formEl) {
    const v = values(formEl);
    const text = v.file ? await v.file.text() : v.csv;
    const lines = (text || '').split(/\r?\n/);
    try {
      const res = await this.view.busy(formEl.querySelector('[type=submit]'), this.ctx.api.post('machines/import', text || '', { type: 'text/csv' }));
      formEl.closest('dialog').close();
      const n = res && (res.created ?? res.imported ?? (Array.isArray(res.items) ? res.items.length : res.count));
      this.ctx.notify(t('import.done', { n: n ?? '' }), 'success');
      this.load();
    } catch (err) { showImportReport(formEl.closest('dialog'), err, lines); }
  }

  async register(mac, el) {
    try { await this.view.busy(el, this.ctx.api.post(`discovered/${hexraw(mac)}/register`, {})); this.ctx.notify(t('discovered.registered', { mac }), 'success'); this.refresh(); } catch (err) { this.ctx.fail(err); }
  }

  async forget(mac) {
    try { await this.ctx.api.del(`discovered/${hexraw(mac)}`); this.loadDiscovered(); } catch (err) { this.ctx.fail(err); }
  }

  /** Changes a few fields with PUT + If-Match, so a concurrent edit is reported, not lost. */
  patch(id, change, formEl) {
    const m = this.machine(id);
    if (m) this.save(m, this.ctx.api.put(`machines/${id}`, { ...toInput(m), ...change }, `"${m.revision}"`), formEl);
  }

  /** The default boot item by the server's menu rule (an item not yet in the menu is appended), with If-Match. */
  setBoot(formEl) {
    const m = this.machine(formEl.dataset.id);
    const bootItem = values(formEl).defaultBootItem;
    if (m && bootItem !== null) {
      this.save(m, this.ctx.api.post(`machines/${m.id}/default-boot-item`, { bootItem }, { headers: { 'If-Match': `"${m.revision}"` } }), formEl);
    }
  }

  async save(m, request, formEl) {
    try {
      await request;
      this.ctx.notify(t('machines.saved', { name: m.name }), 'success');
      if (this.dialog) this.dialog.close();
      this.load();
    } catch (err) { if (formEl) showErrors(formEl, err); else this.ctx.fail(err); }
  }

  setDisk(formEl) { this.patch(formEl.dataset.id, { diskMode: values(formEl).diskMode }, formEl); }
  toggleSuper(id) { const m = this.machine(id); if (m) this.patch(id, { superWorkstation: !m.superWorkstation }); }

  async reset(id, el) {
    const m = this.machine(id);
    if (!m || !confirm(t('confirm.reset', { name: m.name }))) return;
    try { await this.view.busy(el, this.ctx.api.post(`machines/${id}/reset`, {})); this.ctx.notify(t('machines.resetDone', { name: m.name }), 'success'); } catch (err) { this.ctx.fail(err); }
  }

  async power(id, el) {
    const action = el.dataset.power;
    try { await this.view.busy(el, this.ctx.api.post(`machines/${id}/power`, { action })); this.ctx.notify(t('machines.powerSent', { action: t(`powerAction.${action}`) }), 'success'); } catch (err) { this.ctx.fail(err); }
  }

  async password(formEl) {
    try {
      const r = await this.view.busy(formEl.querySelector('[type=submit]'), this.ctx.api.post(`machines/${formEl.dataset.id}/password`, values(formEl)));
      this.ctx.notify(r && r.message ? r.message : t('machines.passwordSent'), r && r.code && r.code !== 0 ? 'error' : 'success');
    } catch (err) { showErrors(formEl, err); }
  }
}
