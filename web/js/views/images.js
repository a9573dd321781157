// Images page: list with size, state, versions and usage; dialogs for create, import (with a
// progress bar), resize, commit and versions.
import { h, replace, button } from './dom.js';
import { PageView } from './page.js';
import { form, field } from './form.js';
import { table, badge } from './table.js';
import { t, formatTime, formatBytes } from '../i18n.js';
import { noVersionBanners } from './banner.js';
import { canCommit, versionCount } from '../controllers/imageHealth.js';

export class ImagesView extends PageView {
  constructor(main, handlers) { super(main, handlers, 'images'); }

  render(state) {
    replace(this.el,
      h('div', { class: 'page-head' }, h('h1', { text: t('images.title') }),
        h('div', { class: 'actions' }, button(t('images.create'), 'create', null, { class: 'primary', id: 'image-create' }),
          button(t('action.refresh'), 'refresh'))),
      state.error ? h('div', { class: 'panel panel-error', role: 'alert', text: state.error }) : null,
      noVersionBanners(state.unversioned || []),
      table([
        { label: t('field.name'), render: (i) => h('strong', { text: i.name }) },
        { label: t('field.kind'), render: (i) => t(`imageKind.${i.kind}`) },
        { label: t('images.size'), render: (i) => size(i), class: 'num' },
        { label: t('images.state'), render: (i) => [badge(i.state, 'imageState'),
          i.hasUncommittedChanges ? h('span', { class: 'badge badge-maintenance', text: t('images.uncommitted') }) : null] },
        { label: t('images.currentVersion'), render: (i) => (i.currentVersion ? `v${i.currentVersion}` : '—') },
        { label: t('images.versions'), render: (i) => String(versionCount(i)) },
        { label: t('images.usedBy'), render: (i) => usage(i.usedBy) },
        { label: t('table.actions'), render: (i) => h('div', { class: 'row-actions', 'data-image': i.name },
          button(t('images.import'), 'openImport', i.id),
          button(t('images.resize'), 'openResize', i.id),
          button(t('images.versions'), 'openVersions', i.id),
          canCommit(i) ? button(t('images.commit'), 'openCommit', i.id, { class: 'primary' }) : null,
          i.state === 'maintenance' || i.hasUncommittedChanges ? button(t('images.discard'), 'discard', i.id) : null,
          button(t('action.delete'), 'delete', i.id, { class: 'danger' })) },
      ], state.items));
  }

  createForm() {
    return this.dialog(t('images.create'), form('save', [
      { name: 'name', label: t('field.name'), required: true },
      { name: 'kind', label: t('field.kind'), type: 'select', options: [['os', t('imageKind.os')], ['data', t('imageKind.data')]], value: 'os' },
      { name: 'sizeMiB', label: t('field.sizeMiB'), type: 'number', value: 65536, min: 8 },
      { name: 'description', label: t('field.description'), type: 'textarea' },
    ], t('images.create')));
  }

  resizeForm(img) {
    const f = form('resize', [{ name: 'sizeMiB', label: t('field.sizeMiB'), type: 'number', value: Math.round((img.sizeBytes || 0) / 1048576), min: 8 }], t('images.resize'));
    f.dataset.id = img.id;
    return this.dialog(t('images.resizeTitle', { name: img.name }), h('p', { class: 'hint', text: t('images.resizeHint') }), f);
  }

  commitForm(img) {
    const f = form('commit', [{ name: 'note', label: t('field.note') }], t('images.commit'));
    f.dataset.id = img.id;
    return this.dialog(t('images.commitTitle', { name: img.name }), f);
  }

  importForm(img) {
    const f = form('import', [
      { name: 'path', label: t('images.importPath'), hint: '/srv/images/win10.raw' },
      { name: 'file', label: t('images.importFile'), type: 'file' },
    ], t('images.import'));
    f.dataset.id = img.id;
    return this.dialog(t('images.importTitle', { name: img.name }), h('p', { class: 'hint', text: t('images.importHint') }), f,
      h('div', { class: 'progress-box', hidden: true },
        h('progress', { max: 100, value: 0, 'aria-label': t('images.progress') }), h('span', { class: 'progress-text' })));
  }

  /** Updates the import dialog's progress bar from a job (or an upload's byte counts). */
  progress(dlg, job) {
    const box = dlg.querySelector('.progress-box');
    if (!box) return;
    box.hidden = false;
    const bar = box.querySelector('progress');
    const pct = job.bytesTotal > 0 ? Math.min(100, Math.round((100 * job.bytesDone) / job.bytesTotal)) : null;
    if (pct === null) bar.removeAttribute('value'); else bar.value = pct;
    box.querySelector('.progress-text').textContent = [pct !== null ? `${pct}%` : '', formatBytes(job.bytesDone),
      job.state ? t(`job.${job.state}`) : '', job.message || ''].filter(Boolean).join(' · ');
  }

  versionsDialog(img) {
    return this.dialog(t('images.versionsTitle', { name: img.name }), table([
      { label: '#', render: (v) => `v${v.n}${v.n === img.currentVersion ? ` (${t('images.current')})` : ''}` },
      { label: t('field.createdAt'), render: (v) => formatTime(v.createdAt) },
      { label: t('field.note'), key: 'note' },
      { label: t('table.actions'), render: (v) => (v.n === img.currentVersion ? '' : h('div', { class: 'row-actions' },
        button(t('images.rollback'), 'rollback', `${img.id}:${v.n}`),
        button(t('action.delete'), 'deleteVersion', `${img.id}:${v.n}`, { class: 'danger' }))) },
    ], [...(img.versions || [])].reverse(), { rowId: (v) => v.n, empty: t('images.noVersions') }));
  }
}

function size(i) {
  if (typeof i.sizeBytes === 'number') return formatBytes(i.sizeBytes);
  if (typeof i.sizeGiB === 'number') return `${i.sizeGiB.toFixed(i.sizeGiB < 10 ? 2 : 1)} GiB`;
  return formatBytes(i.sizeBytes);
}

/** `usedBy` may be a list of names/objects, an object of lists, or a count: show it readably. */
function usage(u) {
  if (u === undefined || u === null) return '—';
  if (typeof u === 'number') return String(u);
  const name = (x) => (typeof x === 'object' && x ? (x.name || x.id) : x);
  if (Array.isArray(u)) return u.length ? u.map(name).join(', ') : '—';
  const parts = Object.entries(u).filter(([, v]) => Array.isArray(v) && v.length)
    .map(([k, v]) => `${t('usage.' + k)}: ${v.map(name).join(', ')}`);
  return parts.length ? parts.join('; ') : '—';
}

export { field };
