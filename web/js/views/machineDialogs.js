// Machine dialogs: add/edit form, CSV import with a per-line report, per-machine actions.
import { h, replace, button } from './dom.js';
import { form, field, showErrors } from './form.js';
import { table } from './table.js';
import { t } from '../i18n.js';

const diskModes = ['resetOnBoot', 'persistent'];
const powerDrivers = ['none', 'wol', 'agent', 'ipmi', 'webhook', 'smyoo'];

/** The add/edit form's fields for machine `m` (empty object for a new machine). */
function machineFields(m, bootItems) {
  const items = bootItems.map((b) => [b.id, b.label || b.name]);
  const p = m.power || {};
  return [
    { name: 'name', label: t('field.name'), value: m.name, required: true },
    { name: 'mac', label: t('field.mac'), value: m.mac, required: true, hint: 'aa:bb:cc:dd:ee:ff' },
    { name: 'ip', label: t('field.ip'), value: m.ip, nullable: true },
    { name: 'group', label: t('field.group'), value: m.group },
    { name: 'bootItems', label: t('field.bootItems'), type: 'multiselect', options: items, value: m.bootItems },
    { name: 'defaultBootItem', label: t('field.defaultBootItem'), type: 'select', options: [['', '—'], ...items], value: m.defaultBootItem },
    { name: 'diskMode', label: t('field.diskMode'), type: 'select', options: diskModes.map((d) => [d, t(`diskMode.${d}`)]), value: m.diskMode || 'resetOnBoot' },
    { name: 'superWorkstation', label: t('field.superWorkstation'), type: 'checkbox', value: m.superWorkstation },
    { name: 'allowBoot', label: t('field.allowBoot'), type: 'checkbox', value: m.allowBoot ?? true },
    { name: 'chap', label: t('field.chap'), type: 'checkbox', value: m.chap },
    { name: 'power.driver', label: t('field.powerDriver'), type: 'select', options: powerDrivers.map((d) => [d, t(`power.${d}`)]), value: p.driver || 'wol' },
    { name: 'power.wolBroadcast', label: t('field.wolBroadcast'), value: p.wolBroadcast, nullable: true },
    { name: 'power.agentShutdownFirst', label: t('field.agentShutdownFirst'), type: 'checkbox', value: p.agentShutdownFirst ?? true },
    { name: 'power.ipmiHost', label: t('field.ipmiHost'), value: p.ipmiHost, nullable: true },
    { name: 'power.ipmiUser', label: t('field.ipmiUser'), value: p.ipmiUser, nullable: true },
    { name: 'power.ipmiPassword', label: t('field.ipmiPassword'), type: 'password', nullable: true, hint: m.id ? t('hint.writeOnly') : null },
    { name: 'power.webhookURL', label: t('field.webhookURL'), value: p.webhookURL, nullable: true },
    { name: 'power.mcuid', label: t('field.mcuid'), value: p.mcuid, nullable: true, hint: t('hint.mcuid') },
    { name: 'notes', label: t('field.notes'), type: 'textarea', value: m.notes },
  ];
}

/** Opens the add/edit dialog on `page`; its form submits as `save` with data-id set. */
export function machineForm(page, m, bootItems) {
  const f = form('save', machineFields(m, bootItems), m.id ? t('action.save') : t('machines.add'));
  f.dataset.id = m.id || '';
  if (m.registerMac) f.dataset.register = m.registerMac;
  f.classList.add('grid-form');
  f.querySelector('[name="power.driver"]').dataset.change = 'powerChanged';
  showPowerFields(f);
  return page.dialog(m.id ? t('machines.edit', { name: m.name }) : m.registerMac ? t('discovered.registerTitle', { mac: m.registerMac }) : t('machines.add'), f);
}

/** Which power fields each driver uses. */
const powerFields = {
  none: [], wol: ['wolBroadcast'], agent: ['agentShutdownFirst'], ipmi: ['ipmiHost', 'ipmiUser', 'ipmiPassword', 'agentShutdownFirst'],
  webhook: ['webhookURL', 'agentShutdownFirst'], smyoo: ['mcuid', 'agentShutdownFirst'],
};

/** Shows only the power fields of the selected driver. */
export function showPowerFields(formEl) {
  const driver = formEl.querySelector('[name="power.driver"]').value;
  for (const name of ['wolBroadcast', 'agentShutdownFirst', 'ipmiHost', 'ipmiUser', 'ipmiPassword', 'webhookURL', 'mcuid']) {
    const wrap = formEl.querySelector(`[data-field="power.${name}"]`);
    if (wrap) wrap.hidden = !(powerFields[driver] || []).includes(name);
  }
}

/** Opens the CSV import dialog (`import` form: textarea + file). */
export function importForm(page) {
  const report = h('div', { class: 'import-report', 'aria-live': 'polite' });
  return page.dialog(t('machines.import'),
    h('p', { class: 'hint', text: t('import.help') }),
    h('pre', { class: 'sample', text: 'host_name,ip,mac,default_menu,super_tube\npc01,192.168.1.101,52:54:00:00:00:01,win10,0' }),
    form('import', [
      { name: 'csv', label: t('import.text'), type: 'textarea', rows: 8 },
      { name: 'file', label: t('import.file'), type: 'file' },
    ], t('import.submit')), report);
}

/** Shows the API's per-line errors (`lines[3].mac`) as a table in the import dialog. */
export function showImportReport(dlg, err, lines) {
  const f = dlg.querySelector('form');
  showErrors(f, { ...err, errors: [] });
  const rows = (err.errors || []).map((e) => {
    const m = /^lines\[(\d+)\](?:\.(.+))?$/.exec(e.field || '');
    const n = m ? Number(m[1]) : null;
    return { line: n ?? '', column: m ? (m[2] || '') : (e.field || ''), message: e.message, text: n !== null ? (lines[n - 1] ?? '') : '' };
  });
  replace(dlg.querySelector('.import-report'), rows.length ? table([
    { label: t('import.line'), key: 'line' }, { label: t('import.column'), key: 'column' },
    { label: t('import.message'), key: 'message' }, { label: t('import.content'), key: 'text', class: 'mono' },
  ], rows, { rowId: (r) => `${r.line}-${r.column}`, caption: t('import.failed', { n: rows.length }) }) : null);
}

/** The per-machine actions dialog. */
export function actionsDialog(page, m, bootItems) {
  const items = [['', '—'], ...bootItems.map((b) => [b.id, b.label || b.name])];
  const quick = (name, fieldSpec, label) => {
    const f = h('form', { 'data-form': name, 'data-id': m.id, class: 'inline-form' }, field(fieldSpec),
      h('button', { type: 'submit' }, label));
    return f;
  };
  return page.dialog(t('machines.actionsFor', { name: m.name }),
    h('div', { class: 'action-grid' },
      quick('setBoot', { name: 'defaultBootItem', label: t('field.defaultBootItem'), type: 'select', options: items, value: m.defaultBootItem }, t('action.apply')),
      quick('setDisk', { name: 'diskMode', label: t('field.diskMode'), type: 'select', options: diskModes.map((d) => [d, t(`diskMode.${d}`)]), value: m.diskMode }, t('action.apply')),
      h('div', { class: 'button-row' },
        button(m.superWorkstation ? t('machines.superOff') : t('machines.superOn'), 'toggleSuper', m.id),
        button(t('machines.reset'), 'reset', m.id, { class: 'danger' })),
      h('div', { class: 'button-row', role: 'group', 'aria-label': t('machines.power') },
        h('span', { class: 'label', text: t('machines.power') }),
        // What the machine's driver cannot do (wol cannot switch off) is shown, disabled, with why.
        ['on', 'off', 'reboot'].map((a) => {
          const able = !m.power || !Array.isArray(m.power.actions) || m.power.actions.includes(a);
          return button(t(`powerAction.${a}`), 'power', m.id, { 'data-power': a, disabled: !able,
            title: able ? null : t('machines.powerUnable', { driver: t(`power.${m.power.driver}`) }) });
        })),
      h('h3', { text: t('machines.password') }),
      h('form', { 'data-form': 'password', 'data-id': m.id, class: 'grid-form' },
        h('div', { class: 'form-error', role: 'alert' }),
        field({ name: 'userName', label: t('field.userName'), value: 'Administrator' }),
        field({ name: 'password', label: t('login.password'), type: 'password', autocomplete: 'new-password' }),
        h('div', { class: 'form-actions' }, h('button', { type: 'submit' }, t('machines.setPassword'))))));
}

