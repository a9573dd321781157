// An error inside the dialog or panel that caused it: the readable headline, the server's own
// words behind a toggle.
import { h } from './dom.js';
import { t } from '../i18n.js';
import { errorText, errorDetail } from '../errors.js';

/** `<div class="error-box">headline <details>server text</details></div>` for an ApiError. */
export function errorBox(err) {
  const detail = errorDetail(err);
  return h('div', { class: 'error-box', role: 'alert', 'data-code': err.code || '' },
    h('p', { class: 'error-text', text: errorText(err) }),
    detail ? h('details', { class: 'error-detail' }, h('summary', { text: t('error.details') }), h('pre', { class: 'error', text: detail })) : null);
}
