// Forms built from field specs, read back into JSON, and API field errors shown next to fields.
import { h, replace } from './dom.js';
import { t } from '../i18n.js';
import { errorText, errorDetail } from '../errors.js';

let seq = 0;

/**
 * A field spec: `{name, label, type, options, value, required, hint, rows}`. `name` is the JSON path
 * (`power.driver`); `type` is text | password | number | select | checkbox | textarea | lines |
 * list | multiselect | file; `options` are [value, label] pairs; `lines` is one item per line,
 * `list` is comma separated.
 */
export function field(spec) {
  const id = `f${++seq}`;
  const errId = `${id}-err`;
  const common = { id, name: spec.name, 'aria-describedby': errId, required: spec.required };
  let input;
  const v = spec.value;
  switch (spec.type) {
    case 'select':
    case 'multiselect':
      input = h('select', { ...common, multiple: spec.type === 'multiselect' },
        (spec.options || []).map(([value, label]) => h('option', {
          value, selected: spec.type === 'multiselect' ? (v || []).map(String).includes(String(value)) : String(v ?? '') === String(value),
        }, label)));
      break;
    case 'checkbox':
      input = h('input', { ...common, type: 'checkbox', checked: Boolean(v) });
      break;
    case 'textarea':
    case 'lines':
      input = h('textarea', { ...common, rows: spec.rows || 3, value: spec.type === 'lines' ? (v || []).join('\n') : (v ?? '') });
      break;
    case 'list':
      input = h('input', { ...common, type: 'text', value: (v || []).join(', ') });
      break;
    default:
      input = h('input', { ...common, type: spec.type || 'text', value: v ?? '', autocomplete: spec.autocomplete || 'off', min: spec.min });
  }
  input.dataset.kind = spec.type || 'text';
  if (spec.nullable) input.dataset.nullable = '';
  return h('div', { class: `field field-${spec.type || 'text'}`, 'data-field': spec.name },
    h('label', { for: id, text: spec.label }), input,
    spec.hint ? h('small', { class: 'hint', text: spec.hint }) : null,
    h('p', { class: 'field-error', id: errId, 'data-error-for': spec.name, role: 'alert' }));
}

/** A form with the fields, a general error area and a submit button. */
export function form(name, fields, submitLabel, ...extra) {
  return h('form', { 'data-form': name, novalidate: true, class: 'form' },
    h('div', { class: 'form-error', role: 'alert' }),
    fields.map((f) => (f instanceof Node ? f : field(f))),
    extra,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, submitLabel)));
}

/** Reads every named control of `formEl` into an object; dotted names make nested objects. */
export function values(formEl) {
  const out = {};
  for (const el of formEl.querySelectorAll('[name]')) {
    let v;
    const kind = el.dataset.kind;
    if (kind === 'checkbox') v = el.checked;
    else if (kind === 'multiselect') v = [...el.selectedOptions].map((o) => numeric(o.value));
    else if (kind === 'number') v = el.value.trim() === '' ? null : Number(el.value);
    else if (kind === 'lines') v = el.value.split('\n').map((s) => s.trim()).filter(Boolean);
    else if (kind === 'list') v = el.value.split(',').map((s) => s.trim()).filter(Boolean);
    else if (kind === 'file') v = el.files && el.files[0];
    else if (kind === 'select') v = el.value === '' ? null : numeric(el.value);
    else v = el.value === '' && el.dataset.nullable !== undefined ? null : el.value;
    setPath(out, el.name, v);
  }
  return out;
}

function numeric(s) { return /^-?\d+$/.test(s) ? Number(s) : s; }

function setPath(obj, path, v) {
  const parts = path.split('.');
  let o = obj;
  for (const p of parts.slice(0, -1)) o = o[p] ??= {};
  o[parts[parts.length - 1]] = v;
}

/** Clears the errors shown on a form. */
export function clearErrors(formEl) {
  for (const p of formEl.querySelectorAll('.field-error, .form-error')) p.textContent = '';
  for (const el of formEl.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/**
 * Shows an API error on a form: each field error next to its field (`dhcp.routers[1]` falls back
 * to `dhcp.routers`), the rest and the detail in the form's error area. Focuses the first bad field.
 */
export function showErrors(formEl, err) {
  clearErrors(formEl);
  const general = [];
  let first = null;
  for (const e of err.errors || []) {
    const slot = findSlot(formEl, e.field || '');
    if (!slot) { general.push(e.field ? `${e.field}: ${e.message}` : e.message); continue; }
    slot.textContent = slot.textContent ? `${slot.textContent}; ${e.message}` : e.message;
    const input = slot.parentElement.querySelector('[name]');
    if (input) { input.setAttribute('aria-invalid', 'true'); first ??= input; }
  }
  const box = formEl.querySelector('.form-error');
  const head = errorText(err) || t('error.generic');
  const detail = errorDetail(err);
  if (box) {
    replace(box, general.length || !first ? [h('span', { class: 'error-text', text: head }), ...general.map((g) => h('div', { text: g })),
      detail ? h('details', { class: 'error-detail' }, h('summary', { text: t('error.details') }), h('pre', { class: 'error', text: detail })) : null] : []);
    if (box.dataset) box.dataset.code = err.code || '';
  }
  if (first) first.focus();
}

function findSlot(formEl, name) {
  const candidates = [name, name.replace(/\[\d+\]/g, ''), name.replace(/\[\d+\].*$/, ''), name.split('.').pop()];
  for (const c of candidates) {
    const slot = formEl.querySelector(`[data-error-for="${CSS.escape(c)}"]`);
    if (slot) return slot;
  }
  return null;
}
