// Health alerts worked out in the console, for servers without `GET health/alerts`: the iSCSI
// target service down, DHCP off, disk space low. Same shape as the server's: {code, severity, href}.

/** Alerts from the stats already loaded plus the targets and settings documents (best effort). */
export async function localAlerts(api, stats) {
  const alerts = [];
  const [targets, settings] = await Promise.all([api.get('targets').catch(() => null), api.get('settings').catch(() => null)]);
  if (targets && targets.available === false) {
    alerts.push({ code: 'target.unavailable', severity: 'error', reason: targets.reason || '', summary: targets.reason || '', href: '#/targets' });
  }
  if (settings && settings.dhcp && settings.dhcp.mode === 'off') alerts.push({ code: 'dhcp.off', severity: 'info', href: '#/settings' });
  const s = stats && stats.storage;
  if (s && typeof s.totalBytes === 'number' && s.totalBytes > 0 && typeof s.freeBytes === 'number' && s.freeBytes / s.totalBytes < 0.1) {
    alerts.push({ code: 'storage.low', severity: 'warn', percent: Math.round((100 * s.freeBytes) / s.totalBytes), href: '#/dashboard' });
  }
  return alerts;
}
