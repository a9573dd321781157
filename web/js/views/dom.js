// The only way views build DOM: elements with text set through textContent, never innerHTML,
// so no value from the API can become markup.

/**
 * Creates an element. `attrs` keys: `class`, `text`, `on<Event>` is not supported on purpose
 * (events are delegated), `data-*`, `aria-*`, boolean properties (`disabled`, `checked`,
 * `selected`, `hidden`, `required`, `multiple`), anything else as an attribute.
 * Children: nodes, strings (text nodes), arrays, null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') el.textContent = String(v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = String(v);
    else if (['disabled', 'checked', 'selected', 'hidden', 'required', 'multiple', 'open', 'readOnly'].includes(k)) el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Actions that only read: every other button changes something and is marked `data-write`. */
const readActions = new Set(['refresh', 'sort', 'page', 'skip', 'logout', 'openVersions', 'openPreview', 'preview', 'copy',
  'switchView', 'tile', 'toggleDetail', 'history', 'pageSize', 'toDiscovered']);

/**
 * A button that carries an action name and an optional id for delegated handlers. Buttons that
 * write carry `data-write`: a viewer's console hides them (css: body[data-role=viewer]).
 */
export function button(label, action, id, extra = {}) {
  return h('button', { type: 'button', 'data-action': action, 'data-id': id ?? undefined, 'data-write': readActions.has(action) ? null : '', ...extra }, label);
}

/**
 * Delegated events: clicks on `[data-action]` call `handlers[action](id, element, event)`;
 * submits of `form[data-form]` call `handlers[form](form, event)`; `change`/`input` on
 * `[data-change]` call `handlers[name](element)`. One listener per root, set once.
 */
export function delegate(root, handlers) {
  root.addEventListener('click', (e) => {
    const el = e.target.closest('[data-action]');
    if (!el || !root.contains(el) || el.tagName === 'FORM') return;
    const fn = handlers[el.dataset.action];
    if (fn) { e.preventDefault(); fn.call(handlers, el.dataset.id, el, e); }
  });
  root.addEventListener('submit', (e) => {
    const form = e.target.closest('form[data-form]');
    const fn = form && handlers[form.dataset.form];
    if (fn) { e.preventDefault(); fn.call(handlers, form, e); }
  });
  const onChange = (e) => {
    const el = e.target.closest('[data-change]');
    const fn = el && handlers[el.dataset.change];
    if (fn && (e.type === 'change' || el.dataset.live !== undefined)) fn.call(handlers, el, e);
  };
  root.addEventListener('change', onChange);
  root.addEventListener('input', onChange);
}

/** A modal dialog (native <dialog>: focus trap and Escape come with it). Returns the element. */
export function openDialog(title, closeLabel, ...content) {
  const dlg = h('dialog', { class: 'dialog', 'aria-label': title },
    h('div', { class: 'dialog-head' }, h('h2', { text: title }),
      h('button', { type: 'button', class: 'icon', 'data-close': '', 'aria-label': closeLabel, title: closeLabel }, '×')),
    h('div', { class: 'dialog-body' }, content));
  dlg.addEventListener('click', (e) => { if (e.target.closest('[data-close]')) dlg.close(); });
  dlg.addEventListener('close', () => dlg.remove());
  document.body.appendChild(dlg);
  dlg.showModal();
  return dlg;
}
