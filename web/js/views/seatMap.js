// The seat map: one tile per machine, grouped by group, coloured by live state; a click opens the
// machine's details. At phone width the tiles become cards (css).
import { h, replace, button } from './dom.js';
import { t, has, formatTime, formatBytes } from '../i18n.js';

/** The disk's state from whichever field the server sends (`disk.state`, `diskState`), or ''. */
export function diskState(m) {
  if (m.disk && typeof m.disk === 'object') return m.disk.state || '';
  return typeof m.diskState === 'string' ? m.diskState : '';
}

/** A disk state in words: `disk.<state>` when the dictionaries know it, else the server's word. */
export function diskLabel(state) { return has(`disk.${state}`) ? t(`disk.${state}`) : state; }

/** The bytes a machine's own disks hold (`disk.overlaySizeBytes`), or null. */
export function overlayBytes(m) {
  const d = m.disk || {};
  const v = d.overlaySizeBytes ?? d.overlayBytes;
  return typeof v === 'number' ? v : null;
}

/** A tile's state: error, disk reset, booting, online, offline (or unknown). */
export function tileState(m) {
  const disk = diskState(m);
  if (m.provisioningError || disk === 'error' || disk === 'failed' || disk === 'missing' || m.status === 'error') return 'error';
  if (disk === 'resetting' || disk === 'reset' || m.resetting) return 'diskReset';
  return ['online', 'booting', 'offline'].includes(m.status) ? m.status : 'unknown';
}

/** The map for `machines` into `el`; `stale` dims every tile (the live stream is down). */
export function seatMap(el, machines, { stale } = {}) {
  const groups = new Map();
  for (const m of machines) {
    const g = m.group || '';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(m);
  }
  const names = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  replace(el, h('div', { class: `seat-map${stale ? ' stale' : ''}`, 'data-stale': stale ? 'true' : null },
    stale ? h('p', { class: 'banner banner-error', role: 'status', text: t('map.stale') }) : null,
    legend(),
    machines.length ? names.map((g) => h('section', { class: 'seat-group', 'data-group': g },
      h('h2', {}, g || t('map.noGroup'), h('span', { class: 'muted', text: ` · ${groups.get(g).length}` })),
      h('ul', { class: 'tiles' }, groups.get(g).map(tile)))) : h('p', { class: 'muted', text: t('table.empty') })));
}

function legend() {
  return h('ul', { class: 'map-legend', 'aria-label': t('map.legend') },
    ['online', 'booting', 'offline', 'diskReset', 'error'].map((s) => h('li', {}, h('span', { class: `dot tile-${s}` }), t(`map.${s}`))));
}

function tile(m) {
  const state = tileState(m);
  const phase = state === 'booting' && m.lastBootPhase ? t(`phase.${m.lastBootPhase}`) : '';
  return h('li', {}, h('button', { type: 'button', class: `tile tile-${state}`, 'data-action': 'tile', 'data-id': m.id, 'data-state': state,
    'aria-label': `${m.name}: ${t(`map.${state}`)}${phase ? ` (${phase})` : ''}` },
  h('span', { class: 'tile-name', text: m.name }),
  h('span', { class: 'tile-state', text: phase || t(`map.${state}`) }),
  m.ip ? h('span', { class: 'tile-ip mono', text: m.ip }) : null));
}

/** The details of one machine in a dialog, with Edit, Actions and its history. */
export function tileDetails(page, m, bootItemName) {
  const disk = diskState(m);
  const overlay = overlayBytes(m) !== null ? formatBytes(overlayBytes(m)) : '';
  const rows = [
    [t('machines.status'), t(`map.${tileState(m)}`)],
    [t('field.mac'), m.mac], [t('field.ip'), m.ip || '—'], [t('field.group'), m.group || '—'],
    [t('machines.lastBoot'), [m.lastBootPhase ? t(`phase.${m.lastBootPhase}`) : '', formatTime(m.lastBootAt)].filter(Boolean).join(' · ') || '—'],
    [t('field.defaultBootItem'), bootItemName || '—'], [t('field.diskMode'), t(`diskMode.${m.diskMode}`)],
    disk ? [t('machines.disk'), [diskLabel(disk), overlay].filter(Boolean).join(' · ')] : null,
    m.provisioningError ? [t('map.error'), m.provisioningError] : null,
    m.disk && m.disk.reason ? [t('map.error'), m.disk.reasonCode && has(`err.${m.disk.reasonCode}`) ? t(`err.${m.disk.reasonCode}`) : m.disk.reason] : null,
  ].filter(Boolean);
  return page.dialog(m.name,
    h('dl', { class: 'report' }, rows.map(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])),
    h('div', { class: 'button-row' },
      button(t('action.edit'), 'edit', m.id), button(t('machines.actions'), 'more', m.id),
      h('a', { href: `#/events?machine=${m.id}`, class: 'button', text: t('events.history') })));
}
