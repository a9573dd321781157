// The first-run wizard on the dashboard: the three settings a café must choose before anything
// boots (network interface, the server's address, how DHCP is done), shown until settings are saved once.
import { h } from './dom.js';
import { form } from './form.js';
import { t } from '../i18n.js';

export function firstRunPanel(settings) {
  const d = settings.dhcp || {};
  const i = settings.iscsi || {};
  const f = form('firstRunSave', [
    { name: 'dhcp.interface', label: t('set.dhcp.interface'), value: d.interface, hint: 'eth0, enp3s0 …' },
    { name: 'iscsi.serverAddress', label: t('set.iscsi.serverAddress'), value: i.serverAddress, hint: '192.168.1.2' },
    { name: 'dhcp.mode', label: t('set.dhcp.mode'), type: 'select', value: d.mode || 'proxy',
      options: ['proxy', 'dnsmasq', 'isc', 'off'].map((m) => [m, t(`dhcpMode.${m}`)]), hint: t('firstRun.dhcpHint') },
  ], t('firstRun.save'));
  f.classList.add('grid-form');
  f.id = 'first-run';
  return h('section', { class: 'panel first-run', 'data-write': '' }, h('h2', { text: t('firstRun.title') }),
    h('p', { class: 'hint', text: t('firstRun.intro') }), f,
    h('p', { class: 'muted' }, h('a', { href: '#/settings', text: t('firstRun.all') })));
}
