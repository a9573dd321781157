// API failures in words people read: the problem+json `code` (stable per error kind) maps to a
// message in the reader's language (i18n `err.<code>`); unknown codes fall back to the server's
// text in English, and to a message per HTTP status in other languages. No DOM here.
import { t, has, lang } from './i18n.js';

/** The headline of an error: translated when its code (or, outside English, its status) is known. */
export function errorText(err) {
  if (!err) return '';
  const vars = { ...(err.problem || {}), status: err.status };
  if (err.code && has(`err.${err.code}`)) return t(`err.${err.code}`, vars);
  if (err.status === 0) return t('err.network');
  const raw = err.detail || err.title || err.message || '';
  if (lang() !== 'en' || !raw) {
    const key = `errStatus.${err.status}`;
    return has(key) ? t(key) : t('error.generic');
  }
  return raw;
}

/** The server's own words (status, title, detail, field errors), shown behind a toggle. */
export function errorDetail(err) {
  if (!err) return '';
  const head = [err.status ? `${err.status}` : '', err.code, err.title, err.detail].filter(Boolean);
  const fields = (err.errors || []).map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
  return [[...new Set(head)].join(' — '), ...fields].filter(Boolean).join('\n');
}

/** One line for places with no room for a toggle: the headline, plus the raw text when it adds something. */
export function describe(err) {
  if (!err) return '';
  const head = errorText(err);
  const fields = (err.errors || []).map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
  return [head, ...fields].join('; ');
}

/** A health alert or event summary in the reader's language when its code is known. */
export function alertText(a) {
  const vars = { reason: '', name: a.subjectName || '', n: a.count ?? '', ...a, ...(a.details || {}) };
  if (a.code && has(`alert.${a.code}`)) return t(`alert.${a.code}`, vars).trim();
  return a.summary || a.message || a.title || a.code || '';
}
