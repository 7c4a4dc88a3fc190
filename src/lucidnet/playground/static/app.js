// The playground page: one WebSocket to the server, which trains the real lucidnet model;
// this file only draws the states it sends and sends back what the user asks for.
"use strict";

const EXTENT = 1.3;                 // the square the server samples: [-EXTENT, EXTENT]²
const POSITIVE = [8, 119, 189], NEGATIVE = [232, 113, 10], ZERO = [250, 250, 250];
const RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const $ = (id) => document.getElementById(id);
const byTest = (name) => document.querySelector(`[data-testid="${name}"]`);

let socket = null, options = null, state = null, nextId = 1;

function send(message) {
  message.id = nextId++;
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function connect() {
  socket = new WebSocket(`ws://${location.host}/ws`);
  socket.onopen = () => { $("status").textContent = "connected"; send({type: "hello"}); };
  socket.onclose = () => { $("status").textContent = "disconnected: restart the server and reload"; };
  socket.onmessage = (event) => receive(JSON.parse(event.data));
}

function receive(message) {
  if (message.type === "welcome") { options = message.options; fillMenus(); render(message.state); }
  else if (message.type === "state") render(message.state);
  else if (message.type === "trace") renderTrace(message.trace);
  else if (message.type === "code") { $("code").textContent = message.code; $("code-dialog").showModal(); }
  else if (message.type === "saved") $("status").textContent = `saved to ${message.path}`;
  else if (message.type === "error") $("error").textContent = message.message;
}

// -- the controls ---------------------------------------------------------------------
function fillMenus() {
  const fill = (select, values, label = String) => {
    select.innerHTML = "";
    for (const value of values) select.add(new Option(label(value), value));
  };
  fill($("activation"), options.activations);
  fill($("optimizer"), options.optimizers);
  fill($("loss-name"), ["(for the task)", ...options.losses]);
  fill($("learning-rate"), RATES);
  fill($("dataset"), options.datasets.length ? options.datasets : ["(your data)"]);
  $("dataset").disabled = !options.datasets.length;
  $("noise").disabled = $("ratio").disabled = !options.datasets.length;
}

function configure(settings) { $("error").textContent = ""; send({type: "configure", settings}); }
function changeData(changes) { $("error").textContent = ""; send({type: "data", options: changes}); }

function wire() {
  for (const kind of ["play", "pause", "step", "reset"]) byTest(kind).onclick = () => send({type: kind});
  byTest("one-epoch").onclick = () => send({type: "epoch"});
  byTest("show-code").onclick = () => send({type: "code"});
  byTest("save").onclick = () => {
    if (options && options.can_save) send({type: "save"});
    else { const link = document.createElement("a"); link.href = "/model.lucid"; link.download = "playground.lucid"; link.click(); }
  };
  $("activation").onchange = (e) => configure({activation: e.target.value});
  $("optimizer").onchange = (e) => configure({optimizer: e.target.value});
  $("loss-name").onchange = (e) => configure({loss: e.target.selectedIndex ? e.target.value : null});
  $("learning-rate").onchange = (e) => configure({learning_rate: Number(e.target.value)});
  $("batch-size").onchange = (e) => configure({batch_size: Math.round(Number(e.target.value))});
  for (const name of ["l1", "l2", "dropout"]) $(name).onchange = (e) => configure({[name]: Number(e.target.value)});
  byTest("add-layer").onclick = () => configure({hidden: [...state.settings.hidden, 4].slice(0, options.max_layers)});
  byTest("remove-layer").onclick = () => configure({hidden: state.settings.hidden.slice(0, -1)});
  $("dataset").onchange = (e) => changeData({name: e.target.value});
  $("noise").onchange = (e) => changeData({noise: Number(e.target.value)});
  $("ratio").onchange = (e) => changeData({train_ratio: Number(e.target.value)});
  $("noise").oninput = (e) => { $("noise-out").textContent = e.target.value; };
  $("ratio").oninput = (e) => { $("ratio-out").textContent = `${Math.round(e.target.value * 100)}%`; };
  $("trace-button").onclick = () => trace($("trace-split").value, Number($("trace-index").value));
  $("boundary").onclick = (event) => tracePointAt(event);
}

function trace(split, index) {
  send({type: "trace", split, index, check: $("trace-check").checked});
}

function setIfIdle(element, value) { if (document.activeElement !== element) element.value = value; }

// -- drawing --------------------------------------------------------------------------
function colour(value) {           // value in [-1, 1] → orange, white, blue
  const t = Math.max(-1, Math.min(1, value)), end = t >= 0 ? POSITIVE : NEGATIVE, s = Math.abs(t);
  return ZERO.map((c, i) => Math.round(c + (end[i] - c) * s));
}

function paintGrid(canvas, values, size, scale) {
  const context = canvas.getContext("2d"), rows = values.length / size;
  const image = context.createImageData(size, rows);
  values.forEach((v, i) => { const [r, g, b] = colour(v / scale); image.data.set([r, g, b, 255], i * 4); });
  const buffer = document.createElement("canvas");
  buffer.width = size; buffer.height = rows;
  buffer.getContext("2d").putImageData(image, 0, 0);
  context.imageSmoothingEnabled = false;
  context.drawImage(buffer, 0, 0, canvas.width, canvas.height);
}

function render(next) {
  if (state && next.version < state.version) return;  // a reply that was overtaken
  state = next;
  window.lucidnetState = next;  // what the page last drew, for scripts and tests to read
  byTest("epoch").textContent = String(state.epoch);
  if (state.problem) $("error").textContent = state.problem;
  const loss = byTest("loss");
  loss.textContent = state.loss === null ? "–" : state.loss.toFixed(4);
  loss.dataset.value = state.loss;
  byTest("val-loss").textContent = state.val_loss === null ? "–" : state.val_loss.toFixed(4);
  byTest("accuracy").textContent = state.accuracy === null ? "–" : `${(100 * state.accuracy).toFixed(1)}%`;
  const s = state.settings;
  setIfIdle($("activation"), s.activation);
  setIfIdle($("optimizer"), s.optimizer);
  setIfIdle($("learning-rate"), String(s.learning_rate));
  if ($("learning-rate").value !== String(s.learning_rate)) { $("learning-rate").add(new Option(s.learning_rate, s.learning_rate)); $("learning-rate").value = String(s.learning_rate); }
  if (s.loss) setIfIdle($("loss-name"), s.loss); else $("loss-name").selectedIndex = 0;
  setIfIdle($("batch-size"), s.batch_size); setIfIdle($("l1"), s.l1); setIfIdle($("l2"), s.l2); setIfIdle($("dropout"), s.dropout);
  if (options && options.datasets.length) {
    setIfIdle($("dataset"), state.data_options.name);
    setIfIdle($("noise"), state.data_options.noise); $("noise-out").textContent = state.data_options.noise;
    setIfIdle($("ratio"), state.data_options.train_ratio); $("ratio-out").textContent = `${Math.round(state.data_options.train_ratio * 100)}%`;
  }
  drawNetwork(); drawOutput(); drawLoss(); drawGradients(); drawSpreads(); drawActivations();
}

function drawNetwork() {
  const box = $("network"), width = box.clientWidth, height = box.clientHeight;
  const sizes = [state.features, ...state.weights.map((w) => w.W[0].length)];
  const columns = sizes.length, maps = state.neurons !== null;
  const cell = maps ? Math.min(40, Math.floor((height - 10) / Math.max(...sizes)) - 6) : 0;
  const x = (l) => 30 + (width - 60 - cell) * l / Math.max(columns - 1, 1);
  const y = (l, i) => { const n = sizes[l], gap = Math.min((height - 20) / n, maps ? cell + 12 : 40); return height / 2 + (i - (n - 1) / 2) * gap; };
  let svg = `<svg width="${width}" height="${height}">`;
  let largest = 1e-9;
  for (const layer of state.weights) for (const row of layer.W) for (const w of row) largest = Math.max(largest, Math.abs(w));
  state.weights.forEach((layer, l) => layer.W.forEach((row, i) => row.forEach((w, j) => {
    const [r, g, b] = w >= 0 ? POSITIVE : NEGATIVE;
    svg += `<line x1="${x(l) + cell}" y1="${y(l, i) + cell / 2}" x2="${x(l + 1)}" y2="${y(l + 1, j) + cell / 2}" stroke="rgb(${r},${g},${b})" stroke-width="${(0.3 + 4 * Math.abs(w) / largest).toFixed(2)}" opacity="0.8"><title>W${l + 1}[${i}][${j}] = ${w}</title></line>`;
  })));
  if (!maps) for (let l = 0; l < columns; l++) for (let i = 0; i < sizes[l]; i++)
    svg += `<circle cx="${x(l)}" cy="${y(l, i)}" r="${Math.max(2, Math.min(8, 200 / sizes[l]))}" fill="#183153"/>`;
  box.innerHTML = svg + "</svg>";
  if (maps) state.neurons.forEach((layer, l) => layer.forEach((values, i) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = cell;
    canvas.style.left = `${x(l)}px`; canvas.style.top = `${y(l, i)}px`;
    canvas.title = l === 0 ? `input x${i + 1}` : `layer ${l}, neuron ${i + 1}: a over the input plane`;
    canvas.dataset.layer = l; canvas.dataset.unit = i;
    const size = state.features === 1 ? values.length : Math.round(Math.sqrt(values.length));
    const scale = Math.max(1e-9, ...values.map(Math.abs));
    paintGrid(canvas, values, size, scale);
    box.appendChild(canvas);
  }));
  const units = $("units");
  units.innerHTML = "";
  state.settings.hidden.forEach((count, l) => {
    const holder = document.createElement("span");
    holder.className = "unit-buttons"; holder.style.left = `${x(l + 1) - 10}px`;
    holder.innerHTML = `<button data-testid="add-unit-${l + 1}">+</button><button data-testid="remove-unit-${l + 1}">−</button> ${count}`;
    holder.children[0].onclick = () => configure({hidden: state.settings.hidden.map((n, k) => k === l ? Math.min(n + 1, options.max_units) : n)});
    holder.children[1].onclick = () => configure({hidden: state.settings.hidden.map((n, k) => k === l ? Math.max(n - 1, 1) : n)});
    units.appendChild(holder);
  });
}

const toPixel = (canvas, value, vertical) => vertical
  ? (1 - (value + EXTENT) / (2 * EXTENT)) * canvas.height
  : (value + EXTENT) / (2 * EXTENT) * canvas.width;

function drawOutput() {
  const canvas = $("boundary"), context = canvas.getContext("2d"), view = state.boundary;
  canvas.dataset.testid = view.kind === "curve" ? "regression-curve" : "decision-boundary";
  $("output-title").textContent = view.kind === "curve" ? "Regression curve" : "Decision boundary";
  context.clearRect(0, 0, canvas.width, canvas.height);
  if (view.kind === "map") paintGrid(canvas, view.values.map((v) => 2 * v - 1), view.size, 1.6);
  if (view.kind === "none") {
    context.fillStyle = "#777"; context.font = "13px system-ui";
    context.fillText(`${state.features} features: no plane to draw;`, 12, 140);
    context.fillText("trace an example by its number below.", 12, 160);
    return;
  }
  const yOf = view.kind === "curve" ? (v) => (1 - (v + EXTENT) / (2 * EXTENT)) * canvas.height : null;
  for (const [split, ring] of [["train", "#fff"], ["test", "#000"]]) for (const point of state.points[split]) {
    const px = toPixel(canvas, point[0], false);
    const py = view.kind === "curve" ? yOf(point[1]) : toPixel(canvas, point[1], true);
    const [r, g, b] = view.kind === "curve" ? [80, 80, 80] : (point[point.length - 1] >= 0.5 ? POSITIVE : NEGATIVE);
    context.beginPath(); context.arc(px, py, 3.2, 0, 2 * Math.PI);
    context.fillStyle = `rgb(${r},${g},${b})`; context.fill();
    context.strokeStyle = ring; context.lineWidth = 1; context.stroke();
  }
  if (view.kind === "curve") {
    context.beginPath(); context.strokeStyle = "#0877bd"; context.lineWidth = 2;
    view.x.forEach((v, i) => { const px = toPixel(canvas, v, false), py = yOf(view.y[i]); i ? context.lineTo(px, py) : context.moveTo(px, py); });
    context.stroke();
  }
}

function tracePointAt(event) {
  if (!state || state.boundary.kind === "none") return;
  const canvas = $("boundary"), rect = canvas.getBoundingClientRect();
  const cx = (event.clientX - rect.left) * canvas.width / rect.width, cy = (event.clientY - rect.top) * canvas.height / rect.height;
  let best = null;
  for (const split of ["train", "test"]) state.points[split].forEach((point, index) => {
    const px = toPixel(canvas, point[0], false);
    const py = state.boundary.kind === "curve" ? toPixel(canvas, point[1], true) : toPixel(canvas, point[1], true);
    const distance = (px - cx) ** 2 + (py - cy) ** 2;
    if (!best || distance < best.distance) best = {split, index, distance};
  });
  if (best) { $("trace-split").value = best.split; $("trace-index").value = best.index; trace(best.split, best.index); }
}

function lineChart(canvas, series, {log = false} = {}) {
  const context = canvas.getContext("2d"), w = canvas.width, h = canvas.height, pad = 26;
  context.clearRect(0, 0, w, h);
  const values = series.flatMap((s) => s.points.map((p) => p[1])).filter((v) => v !== null && isFinite(v) && (!log || v > 0));
  if (!values.length) return;
  const f = log ? Math.log10 : (v) => v;
  let low = Math.min(...values.map(f)), high = Math.max(...values.map(f));
  if (!log && low > 0) low = 0;
  if (high - low < 1e-9) high = low + 1;
  const epochs = series.flatMap((s) => s.points.map((p) => p[0])), last = Math.max(1, ...epochs);
  const px = (e) => pad + (w - pad - 6) * e / last, py = (v) => h - 14 - (h - 22) * (f(v) - low) / (high - low);
  context.strokeStyle = "#ccc"; context.strokeRect(pad, 8, w - pad - 6, h - 22);
  context.fillStyle = "#666"; context.font = "10px system-ui";
  context.fillText(log ? `1e${high.toFixed(1)}` : high.toPrecision(3), 0, 14);
  context.fillText(log ? `1e${low.toFixed(1)}` : low.toPrecision(2), 0, h - 14);
  context.fillText(`epoch ${last}`, w - 60, h - 2);
  for (const s of series) {
    context.beginPath(); context.strokeStyle = s.colour; context.lineWidth = s.width || 1.5;
    let started = false;
    for (const [e, v] of s.points) {
      if (v === null || !isFinite(v) || (log && v <= 0)) { started = false; continue; }
      started ? context.lineTo(px(e), py(v)) : context.moveTo(px(e), py(v)); started = true;
    }
    context.stroke();
  }
}

const LAYER_COLOURS = ["#183153", "#0877bd", "#e8710a", "#1a7f37", "#8250df", "#bf3989", "#666"];

function drawLoss() {
  lineChart($("loss-chart"), [
    {colour: "#0877bd", points: state.history.map((r) => [r.epoch, r.loss])},
    {colour: "#e8710a", points: state.history.map((r) => [r.epoch, r.val_loss])},
  ]);
}

function drawGradients() {
  const rows = state.history.filter((r) => r.gradient_norms);
  const layers = rows.length ? rows[0].gradient_norms.length : 0;
  lineChart($("gradient-chart"), Array.from({length: layers}, (_, l) => ({
    colour: LAYER_COLOURS[l % LAYER_COLOURS.length], points: rows.map((r) => [r.epoch, r.gradient_norms[l]]),
  })), {log: true});
}

function drawSpreads() {
  const rows = state.history.filter((r) => r.activation_spreads);
  const layers = rows.length ? rows[rows.length - 1].activation_spreads.length : 0;
  const series = [];
  for (let l = 0; l < layers; l++) {
    const colour = LAYER_COLOURS[l % LAYER_COLOURS.length];
    for (let q = 0; q < 3; q++) series.push({colour, width: q === 1 ? 1.8 : 0.6,
      points: rows.map((r) => [r.epoch, r.activation_spreads[l] ? r.activation_spreads[l][q] : null])});
  }
  lineChart($("spread-chart"), series);
}

function drawActivations() {
  const canvas = $("activation-chart"), context = canvas.getContext("2d"), rows = state.distributions;
  context.clearRect(0, 0, canvas.width, canvas.height);
  const width = canvas.width / Math.max(rows.length, 1);
  rows.forEach((row, l) => {
    const top = Math.max(1, ...row.counts), bar = (width - 10) / row.counts.length;
    context.fillStyle = LAYER_COLOURS[l % LAYER_COLOURS.length];
    row.counts.forEach((count, k) => {
      const height = (canvas.height - 26) * count / top;
      context.fillRect(l * width + 4 + k * bar, canvas.height - 14 - height, Math.max(bar - 0.5, 0.5), height);
    });
    context.fillStyle = "#666"; context.font = "9px system-ui";
    context.fillText(`${l + 1}: ${row.range[0].toPrecision(2)}…${row.range[1].toPrecision(2)}`, l * width + 4, canvas.height - 3);
  });
}

// -- the trace panel --------------------------------------------------------------------
function numbers(values, key, layer, limitRows = 12, limitColumns = 16) {
  const matrix = Array.isArray(values[0]) ? values : [values];
  let html = "<table>";
  matrix.slice(0, limitRows).forEach((row, r) => {
    html += "<tr>";
    row.slice(0, limitColumns).forEach((v, c) => {
      html += `<td class="num" data-key="${key}" data-layer="${layer}" data-row="${r}" data-col="${c}" data-value="${v}" title="${v}">${Number(v).toPrecision(4)}</td>`;
    });
    html += row.length > limitColumns ? "<td>…</td></tr>" : "</tr>";
  });
  return html + (matrix.length > limitRows ? `<tr><td>… ${matrix.length - limitRows} more rows</td></tr>` : "") + "</table>";
}

function renderTrace(record) {
  const box = $("trace");
  box.dataset.split = record.split; box.dataset.index = record.index;
  let html = `<div class="layer"><h3>Example ${record.split} #${record.index}</h3>x = ${numbers(record.x, "x", 0)} y = ${record.y}<br>C = ${record.loss.toPrecision(6)} (${record.loss_name})</div>`;
  for (const layer of record.layers) {
    html += `<div class="layer" data-layer="${layer.index}"><h3>layer ${layer.index}: ${layer.name} (${layer.kind}${layer.activation ? ", " + layer.activation : ""})</h3>`;
    for (const q of layer.quantities) {
      const check = q.check === null || q.check === undefined ? "" : ` <span class="checked" data-check="${q.key}">finite differences: rel. error ${q.check.toExponential(1)}</span>`;
      const values = q.key === "grad_W" || !Array.isArray(q.values[0]) ? q.values : q.values[0];
      html += `<div class="row"><b>${q.label}</b> <span class="equation">${q.equation || ""}</span>${check}${numbers(values, q.key, layer.index)}</div>`;
    }
    html += "</div>";
  }
  box.innerHTML = html;
}

wire();
connect();
window.addEventListener("resize", () => state && drawNetwork());
