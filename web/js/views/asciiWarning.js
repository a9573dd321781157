// iPXE's text console shows ASCII only: a menu label with Chinese (or any non-ASCII) characters
// comes out as `Windows 10 ____`. The boot item form warns while typing; the list marks such labels.
import { h } from './dom.js';
import { t } from '../i18n.js';

/** What iPXE shows for `text`: every non-ASCII character as `_`. */
export function ipxeShown(text) { return String(text || '').replace(/[^\x20-\x7e]/gu, '_'); }

/** Whether iPXE would mangle `text`. */
export function notAscii(text) { return /[^\x20-\x7e]/u.test(String(text || '')); }

/** Shows or clears the warning under the label field `input`. */
export function warnLabel(input) {
  const wrap = input.closest('.field');
  let note = wrap.querySelector('.ascii-warning');
  if (!notAscii(input.value)) { if (note) note.remove(); return; }
  if (!note) { note = h('small', { class: 'ascii-warning', role: 'status' }); wrap.appendChild(note); }
  note.textContent = t('bootItems.asciiWarning', { shown: ipxeShown(input.value) });
}

/** A label in the list, flagged when iPXE cannot show it. */
export function labelCell(label) {
  if (!notAscii(label)) return label || '';
  return h('span', {}, label, ' ', h('span', { class: 'badge badge-maintenance', title: t('bootItems.asciiWarning', { shown: ipxeShown(label) }),
    text: t('bootItems.notAscii') }));
}
