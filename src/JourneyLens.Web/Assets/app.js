// JourneyLens web app: progress feedback, Sankey drill-in, the zoomable process map and the editor's problem links.
// Every page works without this script; it only adds to them.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  // Long work (an analysis on millions of events, an import): say so while the next page is on its way.
  for (const form of document.querySelectorAll('form')) {
    form.addEventListener('submit', () => {
      document.getElementById('working')?.removeAttribute('hidden');
      for (const b of form.querySelectorAll('button')) setTimeout(() => { b.disabled = true; }, 0);
    });
  }

  // Paths: click a step in the Sankey (or reach it with Tab and press Enter) for what to do with it: the paths that
  // start there, the paths that end there, or the Sankey without it.
  for (const node of document.querySelectorAll('svg [data-node]')) {
    const name = node.getAttribute('data-node');
    node.setAttribute('tabindex', '0');
    node.setAttribute('role', 'button');
    node.setAttribute('aria-haspopup', 'menu');
    node.setAttribute('aria-label', `${name}: paths from or to this step, or hide it`);
    node.addEventListener('click', (e) => stepMenu(node, name, e.clientX, e.clientY));
    node.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        const box = node.getBoundingClientRect();
        stepMenu(node, name, box.right, box.top);
      }
    });
  }

  // Map editor: a problem's link puts the cursor on its line.
  const yaml = document.getElementById('yaml');
  for (const link of document.querySelectorAll('[data-line]')) {
    link.addEventListener('click', (e) => {
      e.preventDefault();
      if (!yaml) return;
      const line = Number(link.getAttribute('data-line'));
      const lines = yaml.value.split('\n');
      const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
      yaml.focus();
      yaml.setSelectionRange(start, start + (lines[line - 1] || '').length);
      const lineHeight = yaml.scrollHeight / Math.max(1, lines.length);
      yaml.scrollTop = Math.max(0, (line - 5) * lineHeight);
    });
  }

  // The picture as PNG: the SVG on the page drawn onto a canvas at twice its size.
  for (const link of document.querySelectorAll('[data-png]')) {
    link.addEventListener('click', (e) => { e.preventDefault(); downloadPng(link); });
  }

  // The address is the share link: copy it, or show it when the clipboard is not ours to use.
  for (const button of document.querySelectorAll('[data-copy-link]')) {
    button.addEventListener('click', async () => {
      const said = document.getElementById('copied');
      try {
        await navigator.clipboard.writeText(window.location.href);
        said.textContent = 'Link copied.';
      } catch {
        said.textContent = window.location.href;
      }
    });
  }

  const builder = document.querySelector('.builder');
  if (builder) segmentBuilder(builder);

  const graph = document.getElementById('graph');
  if (graph) processMap(graph);

  document.querySelectorAll('input[data-append-to]').forEach(appender);
});

// A box beside a list field (touchpoints of a step, steps of an opportunity): the name chosen or typed is added to
// the list as a line of its own, once; Enter adds without sending the form.
function appender(box) {
  const list = document.getElementById(box.dataset.appendTo);
  const add = () => {
    const value = box.value.trim();
    if (!value) return;
    const lines = list.value.split('\n').map(l => l.trim()).filter(l => l);
    if (!lines.includes(value)) lines.push(value);
    list.value = lines.join('\n');
    box.value = '';
  };
  box.addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); add(); } });
  // Picking from the suggestions fires 'input' without a typing inputType: added at once (typing is not, so a
  // name that starts a longer one is not added half-way).
  box.addEventListener('input', e => {
    if (e.inputType && e.inputType !== 'insertReplacementText') return;
    const options = Array.from(box.list ? box.list.options : []).map(o => o.value);
    if (options.includes(box.value)) add();
  });
  box.addEventListener('change', add);
}

// Process map: the directly-follows graph from the API, drawn with Cytoscape and laid out left to right in layers by
// dagre (zoom, pan, drag); edges filtered by share and labelled with how often or how long.
async function processMap(container) {
  await loadScript('/assets/cytoscape.min.js');
  await loadScript('/assets/cytoscape-dagre.min.js');
  // eslint-disable-next-line no-undef
  cytoscape.use(cytoscapeDagre);
  const response = await fetch(container.getAttribute('data-src'), { headers: { Accept: 'application/json' } });
  if (!response.ok) { container.textContent = 'The process map could not be loaded.'; return; }
  const map = await response.json();
  const busiest = Math.max(1, ...map.edges.map((e) => e.frequency));
  const labels = {
    frequency: (e) => e.frequency.toLocaleString(),
    mean: (e) => humanSeconds(e.duration?.mean),
    median: (e) => humanSeconds(e.duration?.median),
  };
  const elements = [
    ...map.nodes.map((n) => ({ data: { id: 'n:' + n.name, label: `${n.name}\n${n.frequency.toLocaleString()}` } })),
    ...map.edges.map((e, i) => ({ data: { id: 'e' + i, source: 'n:' + e.from, target: 'n:' + e.to, frequency: e.frequency, edge: e, label: labels.frequency(e), width: 1 + 7 * e.frequency / busiest } })),
  ];
  // eslint-disable-next-line no-undef
  const cy = cytoscape({
    container,
    elements,
    wheelSensitivity: 0.3,
    layout: { name: 'dagre', rankDir: 'LR', nodeSep: 24, rankSep: 90, edgeSep: 12 },
    style: [
      { selector: 'node', style: { label: 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'center', 'font-size': 10, shape: 'round-rectangle', width: 'label', height: 'label', padding: 8, 'background-color': '#e8eef7', 'border-color': '#1d3557', 'border-width': 1 } },
      { selector: 'edge', style: { width: 'data(width)', 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': '#8aa', 'target-arrow-color': '#8aa', label: 'data(label)', 'font-size': 8, 'text-background-color': '#fff', 'text-background-opacity': 0.9, 'text-background-padding': 2, 'text-rotation': 'autorotate' } },
    ],
  });
  window.journeyGraph = cy;
  // Drill in: a touchpoint opens the paths that start there, an edge the funnel of its two steps (with who dropped),
  // both under the page's own filters.
  const filtered = (path, set) => {
    const url = new URL(path, window.location.origin);
    const here = new URLSearchParams(window.location.search);
    for (const name of ['from', 'to', 'where', 'segment', 'journey-gap']) if (here.get(name)) url.searchParams.set(name, here.get(name));
    set(url.searchParams);
    return url.toString();
  };
  cy.on('tap', 'node', (e) => window.location.assign(filtered('/paths', (q) => q.set('start', e.target.id().slice(2)))));
  cy.on('tap', 'edge', (e) => {
    const edge = e.target.data('edge');
    if (edge.from === edge.to) return;
    window.location.assign(filtered('/funnel', (q) => { q.append('step', edge.from); q.append('step', edge.to); q.set('order', 'strict'); q.set('window', '30d'); }));
  });
  const slider = document.getElementById('edge-filter');
  const shown = document.getElementById('edge-filter-value');
  slider?.addEventListener('input', () => {
    const min = busiest * Number(slider.value) / 100;
    shown.textContent = slider.value;
    cy.edges().forEach((e) => e.style('display', e.data('frequency') >= min ? 'element' : 'none'));
  });
  for (const radio of document.querySelectorAll('input[name=edge-label]')) {
    radio.addEventListener('change', () => cy.edges().forEach((e) => e.data('label', labels[radio.value](e.data('edge')))));
  }
  for (const button of document.querySelectorAll('[data-zoom]')) {
    button.addEventListener('click', () => {
      const how = button.getAttribute('data-zoom');
      if (how === 'fit') cy.fit(undefined, 20);
      else cy.zoom({ level: cy.zoom() * (how === 'in' ? 1.25 : 0.8), renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 } });
    });
  }
  // Find: the touchpoints whose name holds the text stand out with their own arrows, the rest fades, and the view
  // fits them; thousands of touchpoints stay findable.
  const find = document.getElementById('graph-find');
  const found = document.getElementById('graph-found');
  find?.addEventListener('input', () => {
    const text = find.value.trim().toLowerCase();
    cy.elements().style('opacity', 1);
    if (!text) { found.textContent = ''; return; }
    const hits = cy.nodes().filter((n) => n.id().slice(2).toLowerCase().includes(text));
    found.textContent = hits.length === 1 ? '1 touchpoint' : `${hits.length.toLocaleString()} touchpoints`;
    if (hits.length === 0) return;
    const near = hits.union(hits.connectedEdges());
    cy.elements().difference(near).style('opacity', 0.15);
    cy.fit(hits, 40);
  });
  container.setAttribute('data-ready', String(cy.edges().length));
}

// Seconds as a person reads them (as the tables show durations).
function humanSeconds(s) {
  if (s === undefined || s === null) return '';
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src; s.onload = resolve; s.onerror = reject;
    document.head.appendChild(s);
  });
}

// Segment builder: pick a field, then values from the workspace (with how many persons have each) or a score range;
// "Add" writes the condition into the segment box, and the persons it keeps are counted from /api/stats.
function segmentBuilder(builder) {
  const $ = (id) => document.getElementById(id);
  const target = $('f-segment');
  const [field, op, values, min, max] = [$('b-field'), $('b-op'), $('b-value'), $('b-min'), $('b-max')];
  const preview = $('b-preview');
  if (!target || !field) return;
  const quote = (v) => `'${v.replaceAll("'", "''")}'`;
  const isScore = () => field.value.startsWith('score:');

  // Loads can overlap (opening the builder and choosing a field at once): only the latest one fills the list.
  let loading = 0;
  async function loadValues() {
    builder.querySelector('.b-values').hidden = isScore();
    builder.querySelector('.b-range').hidden = !isScore();
    op.disabled = isScore();
    if (isScore()) return;
    const mine = ++loading;
    values.replaceChildren();
    const response = await fetch(`/api/values/${encodeURIComponent(field.value)}?top=200`, { headers: { Accept: 'application/json' } });
    if (mine !== loading) return;
    if (!response.ok) { preview.textContent = 'The values could not be loaded.'; return; }
    const result = await response.json();
    if (mine !== loading) return;
    values.replaceChildren();
    for (const v of result.values) values.add(new Option(`${v.value} (${v.persons.toLocaleString()})`, v.value));
    preview.textContent = result.distinct_values > result.values.length
      ? `The ${result.values.length.toLocaleString()} most common of ${result.distinct_values.toLocaleString()} values.` : '';
  }

  function condition() {
    if (isScore()) {
      const type = field.value.slice('score:'.length);
      const parts = [`score_type = ${quote(type)}`];
      if (min.value !== '') parts.push(`score >= ${Number(min.value)}`);
      if (max.value !== '') parts.push(`score <= ${Number(max.value)}`);
      return `(${parts.join(' and ')})`;
    }
    const chosen = [...values.selectedOptions].map((o) => quote(o.value));
    if (chosen.length === 0) return null;
    return `${field.value} ${op.value} (${chosen.join(', ')})`;
  }

  async function count() {
    const segment = target.value.trim();
    if (!segment) { preview.textContent = ''; return; }
    const url = new URL('/api/stats', window.location.origin);
    for (const name of ['from', 'to', 'where', 'journey-gap']) {
      const box = $('f-' + name);
      if (box && box.value) url.searchParams.set(name, box.value);
    }
    url.searchParams.set('segment', segment);
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await response.json();
    preview.textContent = response.ok ? `${body.persons.toLocaleString()} persons in this segment.` : body.detail;
  }

  field.addEventListener('change', loadValues);
  $('b-add').addEventListener('click', () => {
    const added = condition();
    if (!added) { preview.textContent = 'Choose one or more values first.'; return; }
    const current = target.value.trim();
    target.value = current && !current.startsWith('@') ? `${current} and ${added}` : added;
    count();
  });
  $('b-clear').addEventListener('click', () => { target.value = ''; preview.textContent = ''; });
  builder.addEventListener('toggle', () => { if (builder.open && values.options.length === 0) loadValues(); });
}

function downloadPng(link) {
  const svg = link.closest('section.result')?.querySelector('svg');
  if (!svg && window.journeyGraph) {
    // The process map's page draws on a canvas: Cytoscape makes the PNG of the whole graph.
    saveBlob(window.journeyGraph.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }), link.getAttribute('data-png'));
    return;
  }
  if (!svg) return;
  const box = svg.viewBox?.baseVal;
  const width = Math.ceil(svg.width?.baseVal?.value || box?.width || svg.getBoundingClientRect().width);
  const height = Math.ceil(svg.height?.baseVal?.value || box?.height || svg.getBoundingClientRect().height);
  const copy = svg.cloneNode(true);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', width);
  copy.setAttribute('height', height);
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = width * 2;
    canvas.height = height * 2;
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(2, 2);
    context.drawImage(image, 0, 0, width, height);
    canvas.toBlob((blob) => saveBlob(blob, link.getAttribute('data-png')), 'image/png');
  };
  image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(copy));
}

function saveBlob(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

// The menu of a Sankey step: links, so each choice is an address like any other (and can be shared).
function stepMenu(node, name, x, y) {
  document.getElementById('step-menu')?.remove();
  const here = new URL(window.location.href);
  const go = (change) => { const url = new URL(here); change(url.searchParams); return url.toString(); };
  const quoted = `'${name.replaceAll("'", "''")}'`;
  const choices = [
    ['Paths that start here', go((q) => { q.set('start', name); q.delete('end'); })],
    ['Paths that end here', go((q) => { q.set('end', name); q.delete('start'); })],
    ['Hide this step', go((q) => {
      const where = (q.get('where') || '').trim();
      q.set('where', where ? `(${where}) and touchpoint != ${quoted}` : `touchpoint != ${quoted}`);
    })],
    ['Who was here', (() => {
      // The persons with an event at this step, under the page's own dates, filter and segment.
      const url = new URL('/persons', window.location.origin);
      for (const key of ['from', 'to', 'segment', 'journey-gap']) if (here.searchParams.get(key)) url.searchParams.set(key, here.searchParams.get(key));
      const where = (here.searchParams.get('where') || '').trim();
      url.searchParams.set('where', where ? `(${where}) and touchpoint = ${quoted}` : `touchpoint = ${quoted}`);
      return url.toString();
    })()],
  ];
  const menu = document.createElement('div');
  menu.id = 'step-menu';
  menu.setAttribute('role', 'menu');
  menu.setAttribute('aria-label', name);
  menu.style.left = `${x + window.scrollX + 4}px`;
  menu.style.top = `${y + window.scrollY + 4}px`;
  const title = document.createElement('strong');
  title.textContent = name;
  menu.appendChild(title);
  for (const [label, href] of choices) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = label;
    a.setAttribute('role', 'menuitem');
    menu.appendChild(a);
  }
  document.body.appendChild(menu);
  menu.querySelector('a').focus();
  const close = (e) => {
    if (e.type === 'keydown' && e.key !== 'Escape') return;
    if (e.type === 'click' && menu.contains(e.target)) return;
    menu.remove();
    node.focus();
    document.removeEventListener('click', close, true);
    document.removeEventListener('keydown', close, true);
  };
  setTimeout(() => { document.addEventListener('click', close, true); document.addEventListener('keydown', close, true); }, 0);
}
