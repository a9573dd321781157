// Settings page: every section of the settings document, validation next to each field, and the
// generated configuration previews.
import { h, replace, button } from './dom.js';
import { PageView } from './page.js';
import { field } from './form.js';
import { t } from '../i18n.js';

const opts = (values, prefix) => values.map((v) => [v, prefix ? t(`${prefix}.${v}`) : v]);

/** Field specs per section: [key, type, options?]. Names become `section.key`. */
const sections = {
  storage: [['driver', 'select', opts(['file', 'lvm'])], ['volumeGroup'], ['thinPool'], ['fileRoot'], ['snapshotSizeMiB', 'number']],
  dhcp: [['mode', 'select', opts(['proxy', 'dnsmasq', 'isc', 'off'], 'dhcpMode')], ['networkName'], ['interface'], ['subnet'], ['subnetMask'],
    ['rangeStart'], ['rangeEnd'], ['routers', 'list'], ['dnsServers', 'list'], ['broadcastAddress'], ['bootFilename'],
    ['nextServer', 'nullable'], ['configPath'], ['reloadCommand', 'lines']],
  tftp: [['builtIn', 'checkbox'], ['root'], ['port', 'number'], ['biosBootFile'], ['uefiBootFile']],
  http: [['rootPath'], ['publicBaseURL'], ['menuTimeoutSeconds', 'number'], ['bootPort', 'number'], ['exportFiles', 'checkbox'], ['directoryListing', 'checkbox']],
  iscsi: [['driver', 'select', opts(['auto', 'lio', 'tgt', 'builtin'])], ['serverAddress'], ['portalPort', 'number'], ['globalInitiatorIQN'], ['targetPrefix'], ['chap', 'checkbox']],
  thrift: [['enabled', 'checkbox'], ['listenAddress'], ['port', 'number'], ['allowedClients', 'list'], ['agentPort', 'number'], ['agentTimeoutSeconds', 'number']],
  power: [['defaultDriver', 'select', opts(['none', 'wol', 'agent', 'ipmi', 'webhook', 'smyoo'], 'power')], ['gracefulTimeoutSeconds', 'number'], ['ipmitoolPath'],
    ['smyoo.baseURL'], ['smyoo.phone'], ['smyoo.password', 'password']],
};
export const sectionNames = Object.keys(sections);

/** The fields each mode uses: the others are hidden (and kept as loaded when saving). */
const modeFields = {
  'storage.driver': { file: ['fileRoot'], lvm: ['volumeGroup', 'thinPool', 'snapshotSizeMiB'] },
  // The config files and their reload command are dnsmasq's and isc-dhcp's only; off uses nothing.
  'dhcp.mode': { off: [], proxy: ['networkName', 'interface', 'subnet', 'subnetMask', 'rangeStart', 'rangeEnd', 'routers', 'dnsServers',
    'broadcastAddress', 'bootFilename', 'nextServer'] },
};

/** Shows only the fields the chosen storage driver and DHCP mode use. */
export function applyModes(formEl) {
  for (const [selectName, modes] of Object.entries(modeFields)) {
    const select = formEl.querySelector(`[name="${selectName}"]`);
    if (!select) continue;
    const [sec, key] = selectName.split('.');
    const used = modes[select.value];
    const all = new Set(Object.values(modes).flat());
    for (const wrap of formEl.querySelectorAll(`[data-field^="${sec}."]`)) {
      const name = wrap.dataset.field.slice(sec.length + 1);
      if (name === key) continue;
      // A mode not listed (dnsmasq, isc) uses every field; listed modes use theirs only.
      wrap.hidden = used ? !used.includes(name) && (sec === 'dhcp' || all.has(name)) : false;
    }
  }
}

export class SettingsView extends PageView {
  constructor(main, handlers) { super(main, handlers, 'settings'); }

  render(state) {
    const s = state.settings || {};
    const readOnly = document.body.dataset.role === 'viewer';
    replace(this.el,
      h('div', { class: 'page-head' }, h('h1', { text: t('settings.title') })),
      state.error ? h('div', { class: 'panel panel-error', role: 'alert', text: state.error }) : null,
      state.settings ? h('form', { 'data-form': 'save', class: 'form settings-form', novalidate: true },
        h('div', { class: 'form-error', role: 'alert' }),
        Object.entries(sections).map(([sec, fields]) => h('fieldset', { id: `settings-${sec}`, disabled: readOnly },
          h('legend', { text: t(`settings.${sec}`) }),
          h('div', { class: 'grid-form' }, fields.map(([key, type, options]) => field({
            name: `${sec}.${key}`, label: t(`set.${sec}.${key}`), type: type === 'nullable' ? 'text' : type,
            nullable: type === 'nullable', options, value: key.split('.').reduce((o, k) => (o || {})[k], s[sec]),
            hint: type === 'password' ? t('hint.writeOnly') : null,
          }))))),
        h('div', { class: 'form-actions sticky' }, h('button', { type: 'submit', class: 'primary', id: 'settings-save', 'data-write': '' }, t('action.save')))) : null,
      bootFilesPanel(state),
      h('section', { class: 'panel' }, h('h2', { text: t('settings.preview') }),
        h('p', { class: 'hint', text: t('settings.previewHint') }),
        h('div', { class: 'button-row' }, ['dnsmasq', 'dnsmasq-proxy', 'isc', 'boot.ipxe.cfg', 'boot.ipxe'].map((k) => button(k, 'preview', k, { 'aria-pressed': String(state.previewKind === k) }))),
        this.pre = h('pre', { class: 'preview', tabindex: '0', 'aria-live': 'polite' })));
  }

  /** After drawing: mode-dependent fields, and edits tracked so leaving can warn. */
  track() {
    this.dirty = false;
    const f = this.el.querySelector('form.settings-form');
    if (!f) return;
    for (const name of Object.keys(modeFields)) { const el = f.querySelector(`[name="${name}"]`); if (el) el.dataset.change = 'modeChanged'; }
    applyModes(f);
    f.addEventListener('input', () => { this.dirty = true; });
    f.addEventListener('change', () => { this.dirty = true; });
  }

  showPreview(text, isError) {
    this.pre.textContent = text;
    this.pre.classList.toggle('error', Boolean(isError));
  }

  markPressed(kind) {
    for (const b of this.el.querySelectorAll('[data-action=preview]')) b.setAttribute('aria-pressed', String(b.dataset.id === kind));
  }
}

/** The iPXE build each platform starts: file, type, size, version and (UEFI) signature. */
function bootFilesPanel(state) {
  const report = state.bootFiles;
  const rows = report ? report.files.map((f) => h('tr', { 'data-platform': f.platform },
    h('th', { scope: 'row', text: t(`bootFiles.${f.platform}`) }),
    h('td', { class: 'mono', text: f.file }),
    h('td', { text: f.present ? `${f.type || '?'}, ${f.sizeBytes} B` : t('bootFiles.missing') }),
    h('td', { class: 'mono', text: f.ipxeVersion ? `${f.ipxeVersion}${f.ipxeBuild ? ` (${f.ipxeBuild})` : ''}` : t('bootFiles.unknown'), title: f.versionSource || '' }),
    h('td', { text: f.platform === 'uefi' ? t(f.signed ? 'bootFiles.signed' : 'bootFiles.unsigned') : '—' }),
    h('td', { class: f.problem ? 'error' : '', text: f.problem || t('bootFiles.ok') }))) : [];
  return h('section', { class: 'panel', id: 'settings-boot-files' }, h('h2', { text: t('bootFiles.title') }),
    h('p', { class: 'hint', text: t('bootFiles.hint', { root: report ? report.root : '' }) }),
    state.bootFilesError ? h('div', { class: 'panel-error', role: 'alert', text: state.bootFilesError }) : null,
    report ? h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, ['platform', 'file', 'type', 'version', 'signature', 'status'].map((c) => h('th', { scope: 'col', text: t(`bootFiles.${c}`) })))),
      h('tbody', {}, rows)) : null);
}
