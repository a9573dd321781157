// Machines: list with search/sort/filters, live status, add/edit/delete, CSV import, discovered
// machines, per-machine actions.
import { MachinesView } from '../views/machines.js';
import { nextSort } from '../views/table.js';
import { describe } from '../views/page.js';
import { PageController } from './page.js';
import { t } from '../i18n.js';
import { toInput, itemsOf, hexraw } from './util.js';
import { allMachines } from './imageHealth.js';
import { selectionHandlers } from './machinesSelection.js';
import { newMachineDefaults } from './onboarding.js';

const modeKey = 'disklessd.machines.view';
const sizeKey = 'disklessd.machines.pageSize';

export class MachinesController extends PageController {
  constructor(ctx) {
    super(ctx, MachinesView, { list: { items: [] }, all: [],
      query: { q: '', group: '', status: '', sort: 'name', offset: 0, limit: Number(localStorage.getItem(sizeKey)) || 50 },
      groups: new Set(), bootItems: [], liveMode: ctx.live.mode, selected: new Set(),
      mode: localStorage.getItem(modeKey) === 'map' ? 'map' : 'table' });
  }

  /** The toolbar stays while lists load: the page renders whole once, then only its lists. */
  show(main) {
    this.view = new this.View(main, this);
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
    super.dispose();
    if (this.unsubscribe) this.unsubscribe();
    clearTimeout(this.debounce);
    clearTimeout(this.liveTimer);
    clearInterval(this.discoverTimer);
  }

  /** The table loads a page; the seat map loads every machine matching the filter (and so knows every group). */
  async fetch() {
    this.state.liveMode = this.ctx.live.mode;
    if (this.state.mode === 'map' || !this.groupsLoaded) {
      const { q, group, status, sort } = this.state.query;
      this.state.all = await allMachines(this.ctx.api, this.state.mode === 'map' ? { q, group, status, sort } : {});
      if (!q && !group && !status) this.groupsLoaded = true;
      for (const m of this.state.all) if (m.group) this.state.groups.add(m.group);
    }
    if (this.state.mode === 'table') this.state.list = await this.ctx.api.get('machines', this.state.query);
    else this.state.list = { items: this.state.all, total: this.state.all.length, offset: 0, limit: this.state.all.length };
    for (const m of this.state.list.items || []) if (m.group) this.state.groups.add(m.group);
  }

  switchView(mode) { this.state.mode = mode === 'map' ? 'map' : 'table'; localStorage.setItem(modeKey, this.state.mode); this.load(); }
  pageSize(el) { this.state.query.limit = Number(el.value) || 50; this.state.query.offset = 0; localStorage.setItem(sizeKey, String(this.state.query.limit)); this.load(); }
  tile(id) {
    const m = this.machine(id);
    const b = m && this.state.bootItems.find((x) => x.id === m.defaultBootItem);
    if (m) this.view.tileDetails(m, b ? b.label || b.name : '');
  }

  render() { this.view.renderList(this.state); }

  async loadDiscovered() {
    try {
      this.state.discovered = itemsOf(await this.ctx.api.get('discovered'));
      this.view.renderDiscovered(this.state.discovered);
    } catch (err) { this.view.renderDiscovered([], describe(err)); }
  }

  /** Boot progress and machine changes arrive as events; reload at most every second. */
  onEvent(e) {
    const a = e.action || '';
    if (a === 'live.mode') { this.state.liveMode = this.ctx.live.mode; this.view.renderList(this.state); }
    if (!(a.startsWith('boot') || a.startsWith('machine') || a.startsWith('power') || a.startsWith('discover') || a.startsWith('disk') || a.startsWith('provision') || a.startsWith('reconcile') || a === 'poll')) return;
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
  /** A new machine starts after the last one: next name and IP, same group and boot item. */
  async add() { await this.ready(); this.view.machineForm(newMachineDefaults(this.state.all, this.state.bootItems), this.state.bootItems); }

  /** Machines and boot items for a new machine's defaults, even when clicked before the page loaded. */
  async ready() {
    try {
      if (!this.groupsLoaded) this.state.all = await allMachines(this.ctx.api);
      if (!this.state.bootItems.length) this.state.bootItems = itemsOf(await this.ctx.api.get('boot-items', { limit: 500 }));
    } catch { /* the dialog opens with what is known */ }
  }
  edit(id, el) { const m = this.machine(id); if (m) { this.view.closeDialogOf(el); this.view.machineForm(m, this.state.bootItems); } }
  more(id, el) { const m = this.machine(id); if (m) { this.view.closeDialogOf(el); this.dialog = this.view.actionsDialog(m, this.state.bootItems); } }
  openImport() { this.view.importForm(); }
  toDiscovered() { this.view.showDiscovered(); }
  powerChanged(el) { this.view.showPowerFields(el.form); }

  save(formEl) {
    const id = formEl.dataset.id;
    const body = this.view.values(formEl);
    const old = id ? this.machine(id) : null;
    if (old && body.power && !body.power.ipmiPassword) delete body.power.ipmiPassword;
    let call = old ? this.ctx.api.put(`machines/${id}`, body, `"${old.revision}"`) : this.ctx.api.post('machines', body);
    // A registered discovered PC leaves the discovered list once it is a machine.
    const mac = formEl.dataset.register;
    if (mac) call = call.then(async (r) => { await this.ctx.api.del(`discovered/${hexraw(mac)}`).catch(() => {}); this.loadDiscovered(); this.groupsLoaded = false; return r; });
    else if (!old) call = call.then((r) => { this.groupsLoaded = false; return r; });
    this.submit(formEl, call, t('machines.saved', { name: body.name }));
  }

  async delete(id) {
    const m = this.machine(id);
    if (!m || !this.view.confirm(t('confirm.delete', { name: m.name }))) return;
    await this.action(null, this.ctx.api.del(`machines/${id}`), t('machines.deleted', { name: m.name }));
  }

  /** POST machines/import answers `ImportResult` (openapi.yaml): `{imported, items}`. */
  async import(formEl) {
    const v = this.view.values(formEl);
    const text = v.file ? await v.file.text() : v.csv;
    const lines = (text || '').split(/\r?\n/);
    try {
      const { imported } = await this.view.submitting(formEl, this.ctx.api.post('machines/import', text || '', { type: 'text/csv' }));
      this.view.closeDialogOf(formEl);
      this.ctx.notify(t('import.done', { n: imported }), 'success');
      this.load();
    } catch (err) { this.view.importReport(formEl, err, lines); }
  }

  /** Register opens the add-machine dialog for the discovered PC: its MAC and IP, the next name, the usual boot item. */
  async register(mac) {
    await this.ready();
    const d = (this.state.discovered || []).find((x) => x.mac === mac) || { mac };
    const m = { ...newMachineDefaults(this.state.all, this.state.bootItems), mac: d.mac, registerMac: d.mac };
    if (d.ip) m.ip = d.ip;
    this.view.machineForm(m, this.state.bootItems);
  }

  async forget(mac) {
    try { await this.ctx.api.del(`discovered/${hexraw(mac)}`); this.loadDiscovered(); } catch (err) { this.ctx.fail(err); }
  }

  /** Changes a few fields with PUT + If-Match, so a concurrent edit is reported, not lost. */
  patch(id, change, formEl, el) {
    const m = this.machine(id);
    if (m) this.changed(m, this.ctx.api.put(`machines/${id}`, { ...toInput(m), ...change }, `"${m.revision}"`), formEl, el);
  }

  /** The default boot item by the server's menu rule (an item not yet in the menu is appended), with If-Match. */
  setBoot(formEl) {
    const m = this.machine(formEl.dataset.id);
    const bootItem = this.view.values(formEl).defaultBootItem;
    if (m && bootItem !== null) {
      this.changed(m, this.ctx.api.post(`machines/${m.id}/default-boot-item`, { bootItem }, { headers: { 'If-Match': `"${m.revision}"` } }), formEl);
    }
  }

  /** A change from the actions dialog: notify, close the dialog, reload; errors next to the form's fields. */
  async changed(m, request, formEl, el) {
    try {
      await request;
      this.ctx.notify(t('machines.saved', { name: m.name }), 'success');
      if (this.dialog) this.dialog.close();
      this.load();
    } catch (err) { if (formEl) this.view.errors(formEl, err); else this.failAt(el, err); }
  }

  setDisk(formEl) { this.patch(formEl.dataset.id, { diskMode: this.view.values(formEl).diskMode }, formEl); }
  toggleSuper(id, el) { const m = this.machine(id); if (m) this.patch(id, { superWorkstation: !m.superWorkstation }, null, el); }

  async reset(id, el) {
    const m = this.machine(id);
    if (!m || !this.view.confirm(t('confirm.reset', { name: m.name }))) return;
    this.view.dialogError(el, null);
    try { await this.view.busy(el, this.ctx.api.post(`machines/${id}/reset`, {})); this.ctx.notify(t('machines.resetDone', { name: m.name }), 'success'); } catch (err) { this.failAt(el, err); }
  }

  async power(id, el) {
    const action = el.dataset.power;
    this.view.dialogError(el, null);
    try { await this.view.busy(el, this.ctx.api.post(`machines/${id}/power`, { action })); this.ctx.notify(t('machines.powerSent', { action: t(`powerAction.${action}`) }), 'success'); } catch (err) { this.failAt(el, err); }
  }

  async password(formEl) {
    try {
      const r = await this.view.submitting(formEl, this.ctx.api.post(`machines/${formEl.dataset.id}/password`, this.view.values(formEl)));
      this.ctx.notify(r && r.message ? r.message : t('machines.passwordSent'), r && r.code && r.code !== 0 ? 'error' : 'success');
    } catch (err) { this.view.errors(formEl, err); }
  }
}

Object.assign(MachinesController.prototype, selectionHandlers);
