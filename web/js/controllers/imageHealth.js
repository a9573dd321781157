// Which images cannot boot anyone yet: an OS or data image with no committed version, and how many
// machines boot an item that uses it. Read from images, boot items and machines (no DOM here).
import { itemsOf } from './util.js';

/** The number of committed versions, from `versionCount` when the server sends it. */
export function versionCount(img) {
  if (typeof img.versionCount === 'number') return img.versionCount;
  return Array.isArray(img.versions) ? img.versions.length : 0;
}

/** Whether the console offers Commit: the server's `canCommit`, else no version yet or changes pending. */
export function canCommit(img) {
  if (typeof img.canCommit === 'boolean') return img.canCommit;
  if (img.state === 'importing') return false;
  return img.state === 'maintenance' || img.hasUncommittedChanges === true || versionCount(img) === 0;
}

/** All machines, page by page (the API's limit is 500), stopping at 5000. */
export async function allMachines(api, query = {}) {
  const out = [];
  for (let offset = 0; offset < 5000; offset += 500) {
    const page = await api.get('machines', { ...query, limit: 500, offset });
    const items = itemsOf(page);
    out.push(...items);
    if (items.length < 500 || (page && typeof page.total === 'number' && out.length >= page.total)) break;
  }
  return out;
}

/**
 * `[{id, name, machines}]` for every image without a version, `machines` counting the machines
 * whose default boot item or menu uses it. `images` may be passed when already loaded.
 */
export async function unversionedImages(api, images) {
  const list = images || itemsOf(await api.get('images', { limit: 500 }));
  const empty = list.filter((i) => versionCount(i) === 0 && i.state !== 'importing');
  if (!empty.length) return [];
  const items = itemsOf(await api.get('boot-items', { limit: 500 }));
  const machines = await allMachines(api);
  return empty.map((img) => {
    const uses = new Set(items.filter((b) => b.osImage === img.id || (b.dataImages || []).includes(img.id)).map((b) => b.id));
    const n = machines.filter((m) => uses.has(m.defaultBootItem) || (m.bootItems || []).some((b) => uses.has(b))).length;
    return { id: img.id, name: img.name, machines: n };
  });
}
