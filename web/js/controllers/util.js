// Small helpers shared by controllers (no DOM here).

/** The items of a list response (`{items}`) or a plain array. */
export function itemsOf(list) {
  if (Array.isArray(list)) return list;
  return (list && Array.isArray(list.items)) ? list.items : [];
}

/** The writable fields of a machine, for PUT (read-only fields and write-only secrets left out). */
export function toInput(m) {
  const { driver, wolBroadcast, agentShutdownFirst, ipmiHost, ipmiUser, webhookURL, mcuid } = m.power || {};
  return {
    name: m.name, mac: m.mac, ip: m.ip ?? null, defaultBootItem: m.defaultBootItem ?? null,
    bootItems: m.bootItems || [], diskMode: m.diskMode, superWorkstation: Boolean(m.superWorkstation),
    group: m.group || '', allowBoot: m.allowBoot !== false, notes: m.notes || '', chap: Boolean(m.chap),
    power: { driver, wolBroadcast: wolBroadcast ?? null, agentShutdownFirst, ipmiHost: ipmiHost ?? null,
      ipmiUser: ipmiUser ?? null, webhookURL: webhookURL ?? null, mcuid: mcuid ?? null },
  };
}

/** Waits `ms` milliseconds. */
export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

/** A MAC as 12 hex digits: safe in a URL path without percent-encoding (the API accepts this form). */
export function hexraw(mac) { return String(mac).replace(/[^0-9a-fA-F]/g, '').toLowerCase(); }
