// Charts drawn as inline SVG, no library: a bar chart and a donut. Text goes through textContent.
const ns = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(ns, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = String(text);
  return el;
}

/**
 * Vertical bars. `data`: [{label, value}]; labels are printed under every `labelEvery`-th bar.
 * The SVG scales to its container (viewBox) and carries a <title> for screen readers.
 */
export function barChart(data, { title = '', width = 640, height = 200, labelEvery = 1, unit = '' } = {}) {
  const pad = { top: 12, right: 8, bottom: 28, left: 36 };
  const max = Math.max(1, ...data.map((d) => d.value || 0));
  const step = Math.pow(10, Math.floor(Math.log10(max)));
  const top = Math.ceil(max / step) * step;
  const w = width - pad.left - pad.right;
  const hgt = height - pad.top - pad.bottom;
  const bw = data.length ? w / data.length : w;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart bar-chart', 'aria-label': title });
  svg.appendChild(s('title', {}, title));
  for (const f of [0, 0.5, 1]) {
    if (!Number.isInteger(f * top)) continue; // counts: no half-boot grid line
    const y = pad.top + hgt - f * hgt;
    svg.appendChild(s('line', { x1: pad.left, x2: width - pad.right, y1: y, y2: y, class: 'grid' }));
    svg.appendChild(s('text', { x: pad.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, Math.round(f * top)));
  }
  data.forEach((d, i) => {
    const v = d.value || 0;
    const bh = (v / top) * hgt;
    const x = pad.left + i * bw;
    const rect = s('rect', { x: x + bw * 0.15, y: pad.top + hgt - bh, width: Math.max(1, bw * 0.7), height: bh, class: 'bar', rx: 2 });
    rect.appendChild(s('title', {}, `${d.label}: ${v}${unit}`));
    svg.appendChild(rect);
    if (i % labelEvery === 0) svg.appendChild(s('text', { x: x + bw / 2, y: height - 10, 'text-anchor': 'middle', class: 'axis' }, d.label));
  });
  return svg;
}

/**
 * A donut with a legend. `segments`: [{label, value, cls}] (cls picks the colour in app.css);
 * `center` is the text in the middle. Returns a <figure>.
 */
export function donut(segments, { title = '', center = '', size = 160 } = {}) {
  const r = size / 2 - 14;
  const c = 2 * Math.PI * r;
  const total = segments.reduce((a, x) => a + (x.value || 0), 0);
  const svg = s('svg', { viewBox: `0 0 ${size} ${size}`, role: 'img', class: 'chart donut', 'aria-label': title, width: size, height: size });
  svg.appendChild(s('title', {}, title));
  svg.appendChild(s('circle', { cx: size / 2, cy: size / 2, r, class: 'donut-bg', 'stroke-width': 18, fill: 'none' }));
  let offset = 0;
  for (const seg of segments) {
    if (!seg.value || !total) continue;
    const len = (seg.value / total) * c;
    const arc = s('circle', { cx: size / 2, cy: size / 2, r, fill: 'none', 'stroke-width': 18, class: `seg ${seg.cls || ''}`,
      'stroke-dasharray': `${len} ${c - len}`, 'stroke-dashoffset': -offset, transform: `rotate(-90 ${size / 2} ${size / 2})` });
    arc.appendChild(s('title', {}, `${seg.label}: ${seg.display ?? seg.value}`));
    svg.appendChild(arc);
    offset += len;
  }
  svg.appendChild(s('text', { x: size / 2, y: size / 2 + 6, 'text-anchor': 'middle', class: 'donut-center' }, center));
  const figure = document.createElement('figure');
  figure.className = 'donut-figure';
  figure.appendChild(svg);
  const legend = document.createElement('ul');
  legend.className = 'legend';
  for (const seg of segments) {
    const li = document.createElement('li');
    const sw = document.createElement('span');
    sw.className = `swatch ${seg.cls || ''}`;
    li.append(sw, `${seg.label}: ${seg.display ?? seg.value}`);
    legend.appendChild(li);
  }
  figure.appendChild(legend);
  return figure;
}
