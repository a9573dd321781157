// Banners across the top of a page: images without a version (with their Commit) and health alerts.
import { h } from './dom.js';
import { t } from '../i18n.js';
import { alertText } from '../errors.js';

/** "win10 has no version: 62 machines cannot boot — Commit", one line per image. */
export function noVersionBanners(list, commitHref) {
  return list.map((img) => h('div', { class: 'banner banner-warn', role: 'alert', 'data-banner': 'noVersion', 'data-image': img.id },
    h('span', { text: t(img.machines ? 'banner.noVersion' : 'banner.noVersionUnused', { name: img.name, n: img.machines }) }),
    ' ',
    commitHref
      ? h('a', { class: 'button primary', href: commitHref(img), 'data-write': '', text: t('images.commit') })
      : h('button', { type: 'button', class: 'primary', 'data-action': 'openCommit', 'data-id': img.id, 'data-write': '' }, t('images.commit'))));
}

/** Where each kind of alert is fixed. */
const hrefs = { 'target.unavailable': '#/targets', 'dhcp.off': '#/settings', 'storage.low': '#/settings', 'storage.unavailable': '#/settings',
  'disk.missing': '#/events?outcome=failure', 'image.noVersion': '#/images' };

/** The server's health alerts (`GET health/alerts`), each in the reader's language when its code is known. */
export function alertBanners(alerts) {
  return alerts.map((a) => h('div', { class: `banner banner-${a.severity === 'info' ? 'info' : a.severity === 'error' || a.severity === 'critical' ? 'error' : 'warn'}`,
    role: 'alert', 'data-banner': 'alert', 'data-code': a.code || '' },
  h('span', { text: alertText(a) }),
  (a.href || hrefs[a.code]) ? [' ', h('a', { href: a.href || hrefs[a.code], text: t('banner.open') })] : null));
}
