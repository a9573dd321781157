// Strings live in one dictionary per language (i18n/en.js, i18n/zh.js); views ask `t(key)`.
import en from '../i18n/en.js';
import zh from '../i18n/zh.js';

const dictionaries = { en, zh };
const storageKey = 'disklessd.lang';
let current = pick();

function pick() {
  const saved = localStorage.getItem(storageKey);
  if (saved && dictionaries[saved]) return saved;
  return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The current language code (`en` or `zh`). */
export function lang() { return current; }

/** Whether `key` has a text (in this language or English). */
export function has(key) { return key in dictionaries[current] || key in en; }

/** The languages offered by the switch, as [code, own name]. */
export function languages() { return Object.entries(dictionaries).map(([code, d]) => [code, d['lang.name']]); }

/** Switches the language and remembers it. */
export function setLang(code) {
  if (!dictionaries[code]) return;
  current = code;
  localStorage.setItem(storageKey, code);
  document.documentElement.lang = code === 'zh' ? 'zh-CN' : 'en';
}

/**
 * The text for `key` in the current language, English when missing, the key itself as a last
 * resort; `{name}` placeholders are filled from `vars`.
 */
export function t(key, vars) {
  const text = pluralOne(key, vars) ?? dictionaries[current][key] ?? en[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

/**
 * English plurals: with `n` = 1 a `key.one` text ("1 machine") replaces `key` ("{n} machines"),
 * taken from the same dictionary as `key` (Chinese has no plural forms and no `.one` keys).
 */
function pluralOne(key, vars) {
  if (!vars || Number(vars.n) !== 1) return undefined;
  const dict = key in dictionaries[current] ? dictionaries[current] : en;
  return dict[`${key}.one`];
}

/** A date-time in the current language, or an empty string. */
export function formatTime(value) {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toLocaleString(locale(), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** The one locale dates are written in: the same in tables, filters and charts. */
export function locale() { return current === 'zh' ? 'zh-CN' : 'en-CA'; }

/** A date (no time) in the same format, for date inputs' labels and filters. */
export function formatDate(value) {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleDateString(locale(), { year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** Bytes as GiB/MiB with one decimal. */
export function formatBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

setLang(current);
