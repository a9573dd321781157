// Boot items page: list, a form whose fields follow the kind, and the generated iPXE preview.
import { h, replace, button } from './dom.js';
import { PageView } from './page.js';
import { form } from './form.js';
import { table } from './table.js';
import { warnLabel, labelCell } from './asciiWarning.js';
import { t } from '../i18n.js';

export const kinds = ['iscsi', 'wimboot', 'linux', 'chain', 'local'];
export const osFamilies = ['windows', 'linux', 'other'];
/** Which fields each kind uses (the rest must be empty). */
export const kindFields = {
  iscsi: ['osImage', 'dataImages', 'sanFilename', 'osFamily', 'clearGateway'], wimboot: ['files'], linux: ['kernel', 'initrd', 'cmdline'],
  chain: ['url'], local: [],
};

export class BootItemsView extends PageView {
  constructor(main, handlers) { super(main, handlers, 'boot-items'); }

  render(state) {
    const images = new Map(state.images.map((i) => [i.id, i.name]));
    replace(this.el,
      h('div', { class: 'page-head' }, h('h1', { text: t('bootItems.title') }),
        h('div', { class: 'actions' }, button(t('bootItems.create'), 'create', null, { class: 'primary', id: 'boot-item-create' }))),
      state.error ? h('div', { class: 'panel panel-error', role: 'alert', text: state.error }) : null,
      table([
        { label: t('field.name'), render: (b) => h('strong', { text: b.name }) },
        { label: t('field.label'), render: (b) => labelCell(b.label) },
        { label: t('field.kind'), render: (b) => t(`kind.${b.kind}`) },
        { label: t('bootItems.target'), render: (b) => summary(b, images), class: 'mono' },
        { label: t('table.actions'), render: (b) => h('div', { class: 'row-actions' },
          button(t('action.edit'), 'edit', b.id), button(t('bootItems.preview'), 'openPreview', b.id),
          button(t('action.delete'), 'delete', b.id, { class: 'danger' })) },
      ], state.items));
  }

  warnLabel(input) { warnLabel(input); }

  /** The create/edit dialog; fields of other kinds are hidden (and cleared on save). */
  itemForm(b, images, machines) {
    const os = images.filter((i) => i.kind !== 'data').map((i) => [i.id, i.name]);
    const data = images.filter((i) => i.kind === 'data').map((i) => [i.id, i.name]);
    const f = form('save', [
      { name: 'name', label: t('field.name'), value: b.name, required: true },
      { name: 'label', label: t('field.label'), value: b.label },
      { name: 'kind', label: t('field.kind'), type: 'select', options: kinds.map((k) => [k, t(`kind.${k}`)]), value: b.kind || 'iscsi' },
      { name: 'osImage', label: t('field.osImage'), type: 'select', options: [['', '—'], ...os], value: b.osImage },
      { name: 'dataImages', label: t('field.dataImages'), type: 'multiselect', options: data, value: b.dataImages },
      { name: 'sanFilename', label: t('field.sanFilename'), value: b.sanFilename, nullable: true, hint: '\\EFI\\Boot\\bootx64.efi' },
      { name: 'osFamily', label: t('field.osFamily'), type: 'select', options: osFamilies.map((o) => [o, t(`osFamily.${o}`)]),
        value: b.osFamily || 'windows' },
      { name: 'clearGateway', label: t('field.clearGateway'), type: 'checkbox', value: b.id ? b.clearGateway : true,
        hint: t('hint.clearGateway') },
      { name: 'files', label: t('field.files'), type: 'lines', value: b.files, hint: t('hint.onePerLine') },
      { name: 'kernel', label: t('field.kernel'), value: b.kernel, nullable: true },
      { name: 'initrd', label: t('field.initrd'), value: b.initrd, nullable: true },
      { name: 'cmdline', label: t('field.cmdline'), value: b.cmdline, nullable: true },
      { name: 'url', label: t('field.url'), value: b.url, nullable: true },
    ], b.id ? t('action.save') : t('bootItems.create'));
    f.dataset.id = b.id || '';
    f.querySelector('[name=kind]').dataset.change = 'kindChanged';
    const label = f.querySelector('[name=label]');
    label.dataset.change = 'labelTyped';
    label.dataset.live = '';
    warnLabel(label);
    const dlg = this.dialog(b.id ? t('bootItems.edit', { name: b.name }) : t('bootItems.create'), f,
      b.id ? this.previewPanel(b, machines) : null);
    this.showKind(f);
    return dlg;
  }

  /** Shows only the fields of the selected kind. */
  showKind(formEl) {
    const kind = formEl.querySelector('[name=kind]').value;
    const all = Object.values(kindFields).flat();
    for (const name of all) {
      const wrap = formEl.querySelector(`[data-field="${name}"]`);
      if (wrap) wrap.hidden = !kindFields[kind].includes(name);
    }
  }

  previewPanel(b, machines) {
    return h('form', { 'data-form': 'preview', 'data-id': b.id, class: 'preview-panel' },
      h('h3', { text: t('bootItems.previewTitle') }),
      h('div', { class: 'inline-form' },
        h('label', {}, t('bootItems.forMachine'), h('select', { name: 'machine' }, h('option', { value: '' }, '—'),
          machines.map((m) => h('option', { value: m.id }, `${m.name} (${m.mac})`)))),
        h('button', { type: 'submit' }, t('bootItems.showPreview'))),
      h('pre', { class: 'preview', 'aria-live': 'polite', tabindex: '0' }));
  }

  previewDialog(b, machines) { return this.dialog(t('bootItems.previewTitle') + ` — ${b.name}`, this.previewPanel(b, machines)); }

  showPreview(formEl, text, isError) {
    const pre = formEl.querySelector('pre');
    pre.textContent = text;
    pre.classList.toggle('error', Boolean(isError));
    pre.scrollIntoView({ block: 'nearest' });
  }
}

function summary(b, images) {
  switch (b.kind) {
    case 'iscsi': return [images.get(b.osImage) || b.osImage, ...(b.dataImages || []).map((d) => images.get(d) || d)].filter(Boolean).join(' + ');
    case 'wimboot': return (b.files || []).join(', ');
    case 'linux': return [b.kernel, b.cmdline].filter(Boolean).join(' ');
    case 'chain': return b.url || '';
    default: return '';
  }
}
