// Live updates: the server's event stream (SSE), falling back to polling the events list when the
// stream cannot be opened. Subscribers get each new Event object.

const pollMs = 5000;

export class Live {
  constructor(api) {
    this.api = api;
    this.listeners = new Set();
    this.source = null;
    this.timer = null;
    this.lastId = 0;
    /** `sse`, `reconnecting` (the stream dropped; EventSource retries), `polling` or `off`, shown by the machines page. */
    this.mode = 'off';
  }

  /** Calls `fn(event)` for every new event; returns the unsubscribe function. */
  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  start() {
    if (this.mode !== 'off') return;
    if (typeof EventSource === 'undefined') { this.poll(); return; }
    this.mode = 'sse';
    const source = new EventSource('api/v1/events/stream');
    this.source = source;
    let opened = false;
    source.onopen = () => {
      // Back after a drop: say so, and have pages reload what they may have missed (no stale tiles).
      if (opened && this.mode === 'reconnecting') { this.setMode('sse'); this.emit({ action: 'poll' }); }
      opened = true;
    };
    source.onmessage = (m) => {
      let event;
      try { event = JSON.parse(m.data); } catch { return; }
      if (typeof event.id === 'number') this.lastId = Math.max(this.lastId, event.id);
      this.emit(event);
    };
    source.onerror = () => {
      // A stream that never opened (route missing, proxy buffering) will not get better: poll.
      // One that dropped after working is retried by EventSource itself.
      if (!opened || source.readyState === EventSource.CLOSED) {
        source.close();
        this.source = null;
        this.mode = 'off';
        this.poll();
        this.emit({ action: 'live.mode' });
      } else this.setMode('reconnecting');
    };
  }

  poll() {
    this.mode = 'polling';
    const tick = async () => {
      try {
        const list = await this.api.get('events', { limit: 20 });
        const items = (list && list.items) || [];
        const fresh = items.filter((e) => e.id > this.lastId).reverse();
        const first = this.lastId === 0;
        for (const e of items) this.lastId = Math.max(this.lastId, e.id || 0);
        if (!first) fresh.forEach((e) => this.emit(e));
        if (first && items.length) this.emit({ action: 'poll' });
      } catch (err) {
        if (err.status === 404 || err.status === 401) { this.stop(); return; }
      }
      if (this.mode === 'polling') this.timer = setTimeout(tick, pollMs);
    };
    tick();
  }

  /** Changes the mode and tells subscribers (`live.mode`), so pages can show it. */
  setMode(mode) {
    if (this.mode === mode) return;
    this.mode = mode;
    this.emit({ action: 'live.mode' });
  }

  stop() {
    if (this.source) this.source.close();
    clearTimeout(this.timer);
    this.source = null;
    this.timer = null;
    this.mode = 'off';
  }

  emit(event) {
    for (const fn of this.listeners) {
      try { fn(event); } catch (e) { console.warn('live listener failed', e); }
    }
  }
}
