// Adding machines one after another: the next name and IP follow the last machine added
// (`pc09` → `pc10`, `192.168.1.109` → `.110`), and the boot item is preselected. No DOM here.

/** `pc09` → `pc10`, `pc-099` → `pc-100`; a name without a number gets `-2`. */
export function nextName(name) {
  if (!name) return '';
  const m = /^(.*?)(\d+)$/.exec(name);
  if (!m) return `${name}-2`;
  const n = String(Number(m[2]) + 1);
  return m[1] + n.padStart(m[2].length, '0');
}

/** `192.168.1.109` → `192.168.1.110`; empty when there is no IPv4 or the last octet is 254 or more. */
export function nextIp(ip) {
  const m = /^(\d+\.\d+\.\d+\.)(\d+)$/.exec(ip || '');
  if (!m || Number(m[2]) >= 254) return '';
  return m[1] + String(Number(m[2]) + 1);
}

/**
 * The values a new machine starts with: after the newest machine (highest id) in `machines`, its
 * group and boot items; with no machine yet, the only boot item (or none).
 */
export function newMachineDefaults(machines, bootItems) {
  const last = [...machines].sort((a, b) => b.id - a.id)[0];
  const names = new Set(machines.map((m) => m.name.toLowerCase()));
  const ips = new Set(machines.map((m) => m.ip).filter(Boolean));
  if (!last) {
    const only = bootItems.length === 1 ? bootItems[0].id : null;
    return { name: 'pc01', ip: null, group: '', defaultBootItem: only, bootItems: only ? [only] : [] };
  }
  let name = nextName(last.name);
  for (let i = 0; i < 1000 && names.has(name.toLowerCase()); i += 1) name = nextName(name);
  let ip = nextIp(last.ip);
  for (let i = 0; i < 254 && ip && ips.has(ip); i += 1) ip = nextIp(ip);
  const fallback = bootItems.length === 1 ? bootItems[0].id : null;
  const def = last.defaultBootItem ?? fallback;
  return { name, ip: ip || null, group: last.group || '', defaultBootItem: def,
    bootItems: last.bootItems && last.bootItems.length ? last.bootItems : (def ? [def] : []), diskMode: last.diskMode,
    power: last.power ? { driver: last.power.driver } : undefined };
}
