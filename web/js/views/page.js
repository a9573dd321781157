// The base of every page view: its own section inside <main>, delegated handlers, loading and
// error states, dialogs.
import { h, replace, delegate, openDialog } from './dom.js';
import { showErrors, values } from './form.js';
import { t } from '../i18n.js';
import { errorBox } from './errorBox.js';

export class PageView {
  /** Mounts a fresh section into `main`; `handlers` receive the page's delegated events. */
  constructor(main, handlers, name) {
    this.el = h('section', { class: `page page-${name}`, 'data-page': name });
    replace(main, this.el);
    delegate(this.el, handlers);
    this.handlers = handlers;
  }

  loading() { replace(this.el, h('p', { class: 'loading', text: t('state.loading') })); }

  /** A page that could not load: the API's message, never a broken page. */
  failed(title, err) {
    replace(this.el, h('h1', { text: title }),
      h('div', { class: 'panel panel-error', role: 'alert' },
        h('p', { text: t('error.load') }), errorBox(err)));
  }

  /** Opens a dialog whose content gets the same delegated handlers as the page. */
  dialog(title, ...content) {
    const dlg = openDialog(title, t('action.close'), ...content);
    delegate(dlg, this.handlers);
    const first = dlg.querySelector('.dialog-body input, .dialog-body select, .dialog-body textarea');
    if (first) first.focus();
    return dlg;
  }

  /** The form's values (see form.js `values`). */
  values(formEl) { return values(formEl); }

  /** The API's field errors next to the fields, the rest on top of the form. */
  errors(formEl, err) { showErrors(formEl, err); }

  /** Runs `promise` with the form's submit button busy. */
  submitting(formEl, promise) { return this.busy(formEl.querySelector('[type=submit]'), promise); }

  /** The dialog `el` is in, or null. */
  dialogOf(el) { return el ? el.closest('dialog') : null; }

  /** Closes the dialog `el` is in, if it is open. */
  closeDialogOf(el) {
    const dlg = this.dialogOf(el);
    if (dlg && dlg.open) dlg.close();
  }

  /**
   * Shows `err` inside the dialog `el` is in (its `.dialog-error` slot, made on first use), so the
   * error stands next to what caused it. False when `el` is not in a dialog.
   */
  dialogError(el, err) {
    const dlg = this.dialogOf(el);
    if (!dlg) return false;
    let slot = dlg.querySelector('.dialog-error');
    if (!slot) { slot = h('div', { class: 'dialog-error' }); dlg.querySelector('.dialog-body').prepend(slot); }
    replace(slot, err ? errorBox(err) : null);
    if (err) slot.scrollIntoView({ block: 'nearest' });
    return true;
  }

  /** Asks before something that cannot be undone; true when the user agrees. */
  confirm(text) { return window.confirm(text); }

  /** Shows a button as busy (disabled with a spinner) while `promise` runs. */
  async busy(el, promise) {
    if (!el) return promise;
    el.disabled = true;
    el.classList.add('busy');
    el.setAttribute('aria-busy', 'true');
    try { return await promise; } finally {
      el.disabled = false;
      el.classList.remove('busy');
      el.removeAttribute('aria-busy');
    }
  }
}

export { describe } from '../errors.js';
