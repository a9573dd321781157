// Bulk actions: one `POST machines/bulk` (all or nothing, a result per machine). A server without
// that route (404 "no route") gets the same actions one machine at a time, reported the same way.
import { toInput } from './util.js';

/**
 * Runs `action` with `value` on machine `ids`. Resolves to `{results, refused}`: `refused` when the
 * server changed nothing (422 `bulk.invalid`); throws other API errors.
 */
export async function runBulk(api, action, ids, value) {
  try {
    const r = await api.post('machines/bulk', { ids, action, value });
    return { results: (r && r.results) || [], refused: false };
  } catch (err) {
    if (err.status === 422 && err.results.length) return { results: err.results, refused: true, err };
    if (err.status === 404 && (err.code === 'route.notFound' || (!err.code && /no route/i.test(err.detail || err.title || '')))) return { results: await oneByOne(api, action, ids, value), refused: false };
    throw err;
  }
}

async function oneByOne(api, action, ids, value) {
  const results = [];
  for (const id of ids) {
    let name = '';
    try {
      const m = await api.get(`machines/${id}`);
      name = m.name;
      await single(api, m, action, value);
      results.push({ id, name, ok: true });
    } catch (err) {
      results.push({ id, name, ok: false, code: err.code || '', status: err.status, message: err.detail || err.title || String(err.message || err) });
    }
  }
  return results;
}

function single(api, m, action, value) {
  const put = (change) => api.put(`machines/${m.id}`, { ...toInput(m), ...change }, `"${m.revision}"`);
  switch (action) {
    case 'setBootItem': return api.post(`machines/${m.id}/default-boot-item`, { bootItem: value }, { headers: { 'If-Match': `"${m.revision}"` } });
    case 'setDiskMode': return put({ diskMode: value });
    case 'setGroup': return put({ group: value || '' });
    case 'superOff': return put({ superWorkstation: false });
    case 'powerOn': return api.post(`machines/${m.id}/power`, { action: 'on' });
    case 'powerOff': return api.post(`machines/${m.id}/power`, { action: 'off' });
    case 'resetDisk': return api.post(`machines/${m.id}/reset`, {});
    case 'delete': return api.del(`machines/${m.id}`);
    default: return Promise.reject(new Error(`unknown action ${action}`));
  }
}
