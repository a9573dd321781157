// The REST client. URLs are relative (`api/v1/...`) so the console works behind a reverse proxy
// under any sub-path: fetch resolves them against the document's base URL.

/** An API failure: HTTP status plus the problem+json body (title, detail, field errors). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || '';
    this.detail = problem.detail || '';
    /** @type {{field: string, message: string}[]} */
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    /** The stable error kind (`machine.notFound`); empty on servers that do not send one. */
    this.code = typeof problem.code === 'string' ? problem.code : '';
    /** Per-machine results of a refused bulk action. */
    this.results = Array.isArray(problem.results) ? problem.results : [];
    this.problem = problem;
  }
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const csrfKey = 'disklessd.csrf';

/** Fetch client: JSON in and out, CSRF header on unsafe requests, 401 reported once. */
export class Api {
  constructor() {
    this.csrf = sessionStorage.getItem(csrfKey) || '';
    /** Called on any 401 so the app can show the login page. */
    this.onUnauthorized = () => {};
  }

  setCsrf(token) {
    this.csrf = token || '';
    if (this.csrf) sessionStorage.setItem(csrfKey, this.csrf); else sessionStorage.removeItem(csrfKey);
  }

  hasSession() { return this.csrf !== ''; }

  /**
   * One request. `body` may be an object (sent as JSON), a string with `type`, or a Blob.
   * Resolves to parsed JSON, text for text/plain, or null; rejects with ApiError.
   */
  async request(method, path, { body, type, headers = {}, query } = {}) {
    const url = 'api/v1/' + path + queryString(query);
    const h = { Accept: 'application/json, application/problem+json, text/plain', ...headers };
    let payload;
    if (body instanceof Blob) { payload = body; h['Content-Type'] = type || 'application/octet-stream'; }
    else if (typeof body === 'string') { payload = body; h['Content-Type'] = type || 'text/plain'; }
    else if (body !== undefined) { payload = JSON.stringify(body); h['Content-Type'] = 'application/json'; }
    if (unsafe.has(method) && this.csrf) h['X-CSRF-Token'] = this.csrf;
    let res;
    try {
      res = await fetch(url, { method, headers: h, body: payload, credentials: 'same-origin' });
    } catch (e) {
      throw new ApiError(0, { title: 'network error', detail: String(e.message || e), code: 'network' });
    }
    const data = await parse(res);
    // A wrong password at login or password change is a 401 too, but not a lost session.
    if (res.status === 401 && !path.startsWith('session')) this.onUnauthorized();
    if (!res.ok) throw new ApiError(res.status, typeof data === 'object' && data ? data : { detail: data || res.statusText });
    const etag = res.headers.get('ETag');
    if (etag && data && typeof data === 'object') Object.defineProperty(data, 'etag', { value: etag });
    return data;
  }

  get(path, query) { return this.request('GET', path, { query }); }
  post(path, body, opts = {}) { return this.request('POST', path, { body, ...opts }); }
  del(path) { return this.request('DELETE', path); }
  /** PUT with If-Match when the resource's ETag (or revision) is known: 412 if someone else changed it. */
  put(path, body, etag) {
    const headers = etag ? { 'If-Match': etag } : {};
    return this.request('PUT', path, { body, headers });
  }

  /** Streams a file with PUT, reporting upload progress (fetch cannot, XMLHttpRequest can). */
  upload(path, file, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', 'api/v1/' + path);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      if (this.csrf) xhr.setRequestHeader('X-CSRF-Token', this.csrf);
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
      xhr.onerror = () => reject(new ApiError(0, { title: 'network error', detail: 'upload failed' }));
      xhr.onload = () => {
        let data = null;
        try { data = JSON.parse(xhr.responseText); } catch { data = { detail: xhr.responseText }; }
        if (xhr.status === 401) this.onUnauthorized();
        if (xhr.status >= 200 && xhr.status < 300) resolve(data); else reject(new ApiError(xhr.status, data || {}));
      };
      xhr.send(file);
    });
  }
}

async function parse(res) {
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  const text = await res.text();
  if (!text) return null;
  if (type.includes('json')) {
    try { return JSON.parse(text); } catch { return { detail: text }; }
  }
  return text;
}

function queryString(query) {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  const s = p.toString();
  return s ? '?' + s : '';
}
