// The machines page's selection and bulk actions, mixed into MachinesController: ids survive
// paging and filtering until cleared or acted on.
import { t } from '../i18n.js';
import { runBulk } from './bulk.js';
import { allMachines } from './imageHealth.js';

export const selectionHandlers = {
  pick(el) { const id = Number(el.dataset.id); if (el.checked) this.state.selected.add(id); else this.state.selected.delete(id); this.view.renderBar(this.state); },
  pickPage(el) { for (const m of this.state.list.items || []) { if (el.checked) this.state.selected.add(m.id); else this.state.selected.delete(m.id); } this.render(); },
  clearSelection() { this.state.selected.clear(); this.render(); },

  async selectAllMatching(id, el) {
    const { q, group, status } = this.state.query;
    try {
      const all = await this.view.busy(el, allMachines(this.ctx.api, { q, group, status }));
      for (const m of all) this.state.selected.add(m.id);
      this.render();
    } catch (err) { this.ctx.fail(err); }
  },

  bulkOpen(action) { this.view.bulkForm(action, this.state.selected.size, this.state.bootItems, this.state.groups); },

  /** One request for the whole selection; the report stays in the dialog, a toast only when all went well. */
  async bulkApply(formEl) {
    const action = formEl.dataset.bulk;
    const { value } = this.view.values(formEl);
    const ids = [...this.state.selected];
    this.view.bulkError(formEl, null);
    try {
      const { results, refused } = await this.view.submitting(formEl, runBulk(this.ctx.api, action, ids, value ?? null));
      // A refusal needs no second message: the report's summary and rows say what and why.
      // Names as the page knew them: a machine deleted meanwhile is still named in the report.
      const names = new Map([...this.state.all, ...(this.state.list.items || [])].map((m) => [m.id, m.name]));
      this.view.bulkReport(formEl, results, refused, names);
      if (!refused) {
        const failed = results.filter((r) => !r.ok).length;
        if (!failed) { this.ctx.notify(t('bulk.done', { n: results.length }), 'success'); this.state.selected.clear(); }
        this.load();
      }
    } catch (err) { this.view.bulkError(formEl, err); }
  },
};
