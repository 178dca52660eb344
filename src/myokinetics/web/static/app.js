// The myokinetics page: build a request from the form, call the JSON API, draw the headline.
// Plain JavaScript, no build step; plots with Plotly.js served by the same server (no CDN).
"use strict";

const $ = (id) => document.getElementById(id);

const EXAMPLES = {
  squat: {mode: "single", a: "Back squat 4x8 @ 75% 1RM, rest 2 min", duration: "72 h"},
  fullbody: {
    mode: "single", duration: "12 weeks", progression: "2.5% per week",
    a: "Mon: Back squat 3x10 @ 70% 1RM, rest 2 min; Bench press 3x10 @ 70% 1RM; Barbell row 3x10 @ 70% 1RM\n" +
       "Wed: Deadlift 3x8 @ 70% 1RM, rest 3 min; Overhead press 3x10 @ 70% 1RM; Pull-up 3x8 @ 2 RIR\n" +
       "Fri: Back squat 3x10 @ 70% 1RM; Bench press 3x10 @ 70% 1RM; Barbell row 3x10 @ 70% 1RM",
  },
  "strength-vs-volume": {
    mode: "compare", duration: "72 h",
    a: "Back squat 5x5 @ 85% 1RM, rest 3 min", labelA: "heavy",
    b: "Back squat 3x15 @ 60% 1RM, rest 90 s", labelB: "light",
  },
};

let lastRequest = null;   // {mode, body}: what the downloads re-send

function mode() {
  return $("mode-compare").checked ? "compare" : "single";
}

function showMode() {
  document.body.classList.toggle("comparing", mode() === "compare");
}

function numberOrNull(id) {
  const v = $(id).value.trim();
  return v === "" ? null : Number(v);
}

function person() {
  const p = {sex: $("sex").value, training_status: $("training-status").value};
  const age = numberOrNull("age");
  if (age !== null) p.age = age;
  const mass = numberOrNull("body-mass");
  if (mass !== null) p.body_mass = mass;
  const height = numberOrNull("height");
  if (height !== null) p.height = height;
  const n = numberOrNull("n");
  if (n !== null) p.n = n;
  const seed = numberOrNull("seed");
  if (seed !== null) p.seed = seed;
  const conditions = [...document.querySelectorAll("input[name=condition]:checked")].map((c) => c.value);
  if (conditions.length) p.conditions = conditions;
  return p;
}

function request() {
  const duration = $("duration").value.trim() || null;
  const progression = $("progression").value.trim() || null;
  if (mode() === "compare") {
    const prog = (box) => {
      const item = {program: $("program-" + box).value};
      const label = $("label-" + box).value.trim();
      if (label) item.label = label;
      if (progression) item.progression = progression;
      return item;
    };
    return {mode: "compare", url: "/api/compare",
            body: {programs: [prog("a"), prog("b")], person: person(), duration: duration}};
  }
  const body = {program: $("program-a").value, person: person(), duration: duration};
  if (progression) body.progression = progression;
  return {mode: "single", url: "/api/simulate", body: body};
}

async function post(url, body) {
  const res = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"},
                                body: JSON.stringify(body)});
  if (!res.ok) {
    let detail = res.status + " " + res.statusText;
    try { detail = (await res.json()).detail || detail; } catch (e) { /* not JSON */ }
    throw new Error(detail);
  }
  return res;
}

function setStatus(text, kind) {
  const s = $("status");
  s.textContent = text;
  s.className = kind || "";
}

// --------------------------------------------------------------------------- tables
function cell(tr, text, cls, tag) {
  const td = document.createElement(tag || "td");
  td.textContent = text;
  if (cls) td.className = cls;
  tr.appendChild(td);
  return td;
}

function header(table, names) {
  const thead = table.querySelector("thead");
  thead.innerHTML = "";
  const tr = document.createElement("tr");
  names.forEach((n) => cell(tr, n, null, "th"));
  thead.appendChild(tr);
  table.querySelector("tbody").innerHTML = "";
  return table.querySelector("tbody");
}

function fmt(x) {
  if (x === null || x === undefined || !isFinite(x)) return "—";
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}

function singleTable(rows) {
  const body = header($("headline-table"), ["outcome", "units", "start", "end", "change", "change %", "peak", "peak at"]);
  rows.forEach((r) => {
    const tr = document.createElement("tr");
    tr.dataset.variable = r.variable;
    cell(tr, r.outcome, "name");
    cell(tr, r.units === "1" ? "" : r.units);
    ["baseline", "end", "change", "change_pct", "peak", "peak_at"].forEach((k) => cell(tr, r.text[k], "num"));
    body.appendChild(tr);
  });
}

function compareTables(doc) {
  const [a, b] = doc.programs;
  const body = header($("headline-table"), ["outcome", "units", a.label + ": end", a.label + ": change %",
                                             b.label + ": end", b.label + ": change %"]);
  const other = new Map(b.table.map((r) => [r.variable + "|" + r.label, r]));
  const keys = new Set();
  a.table.concat(b.table).forEach((r) => {
    const key = r.variable + "|" + r.label;
    if (keys.has(key)) return;
    keys.add(key);
    const ra = a.table.find((x) => x.variable + "|" + x.label === key);
    const rb = other.get(key);
    const tr = document.createElement("tr");
    tr.dataset.variable = r.variable;
    cell(tr, r.outcome, "name");
    cell(tr, r.units === "1" ? "" : r.units);
    cell(tr, ra ? ra.text.end : "—", "num");
    cell(tr, ra ? ra.text.change_pct : "—", "num");
    cell(tr, rb ? rb.text.end : "—", "num");
    cell(tr, rb ? rb.text.change_pct : "—", "num");
    body.appendChild(tr);
  });
  const cmp = $("comparison-table");
  const cbody = header(cmp, ["outcome", "program", "start", "peak", "time to peak (h)", "area above start"]);
  doc.comparison.forEach((r) => {
    const tr = document.createElement("tr");
    cell(tr, r.observable + (r.units && r.units !== "1" ? " (" + r.units + ")" : ""), "name");
    cell(tr, r.workout);
    [r.baseline, r.peak, r.time_to_peak_h].forEach((v) => cell(tr, fmt(v), "num"));
    cell(tr, fmt(r.auc_above_baseline) + (r.units && r.units !== "1" ? " " + r.units + "·h" : " h"), "num");
    cbody.appendChild(tr);
  });
  cmp.hidden = false;
}

// --------------------------------------------------------------------------- plots
const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

function rgba(hex, alpha) {
  const v = parseInt(hex.slice(1), 16);
  return `rgba(${(v >> 16) & 255},${(v >> 8) & 255},${v & 255},${alpha})`;
}

function drawPlots(plots, programs) {
  const box = $("plots");
  box.innerHTML = "";
  if (typeof Plotly === "undefined") {
    box.textContent = "Plotly.js did not load, so there are no plots (the table above has the numbers).";
    return;
  }
  plots.panels.forEach((panel, i) => {
    const div = document.createElement("div");
    div.className = "panel";
    div.id = "panel-" + i;
    box.appendChild(div);
    const traces = [];
    panel.lines.forEach((line, k) => {
      const colour = COLOURS[(programs.length > 1 ? programs.indexOf(line.program) * 3 + k % 3 : k) % COLOURS.length];
      const dash = programs.length > 1 && programs.indexOf(line.program) === 1 ? "dash" : "solid";
      const name = programs.length > 1 ? line.program + ": " + line.name : line.name;
      if (line.p10 && line.p90) {
        traces.push({x: line.t, y: line.p90, mode: "lines", line: {width: 0}, hoverinfo: "skip", showlegend: false});
        traces.push({x: line.t, y: line.p10, mode: "lines", line: {width: 0}, fill: "tonexty",
                     fillcolor: rgba(colour, 0.15), hoverinfo: "skip", showlegend: false});
      }
      traces.push({x: line.t, y: line.mean, mode: "lines", name: name, line: {color: colour, width: 2, dash: dash}});
    });
    const legend = panel.lines.length > 1 || programs.length > 1;
    const rows = legend ? Math.ceil(traces.filter((t) => t.name).length / 3) : 0;
    const layout = {
      title: {text: panel.title, font: {size: 13}},
      margin: {l: 55, r: 10, t: 40, b: 45 + 18 * rows}, height: 270 + 18 * rows,
      xaxis: {title: {text: "time (" + plots.time_unit + ")", standoff: 4}, zeroline: false},
      yaxis: {title: {text: panel.units === "1" ? "" : panel.units}, exponentformat: "power", zeroline: false},
      legend: {orientation: "h", yanchor: "top", y: -0.2 - 0.02 * rows, font: {size: 10}},
      showlegend: legend,
    };
    Plotly.newPlot(div, traces, layout, {responsive: true, displaylogo: false});
    const link = document.createElement("a");
    link.href = "#";
    link.className = "explain";
    link.textContent = "explain " + panel.lines[0].variable;
    link.addEventListener("click", (e) => { e.preventDefault(); explain(panel.lines[0].variable); });
    div.appendChild(link);
  });
}

async function explain(name) {
  const box = $("explain-box");
  try {
    const res = await fetch("/api/explain/" + encodeURIComponent(name));
    const doc = await res.json();
    $("explain-title").textContent = "explain " + name;
    $("explain-text").textContent = res.ok ? doc.text : doc.detail;
  } catch (e) {
    $("explain-text").textContent = String(e);
  }
  box.hidden = false;
  box.open = true;
  box.scrollIntoView({behavior: "smooth"});
}

// --------------------------------------------------------------------------- results
function render(req, doc) {
  $("results").hidden = false;
  $("comparison-table").hidden = true;
  $("explain-box").hidden = true;
  const notes = $("notes");
  notes.innerHTML = "";
  const who = doc.n_subjects === 1 ? "1 person" : doc.n_subjects + " people (mean and 10–90% band)";
  const span = doc.duration_h >= 336 ? (doc.duration_h / 168).toFixed(3).replace(/\.?0+$/, "") + " weeks"
             : doc.duration_h >= 96 ? (doc.duration_h / 24).toFixed(2).replace(/\.?0+$/, "") + " days"
             : doc.duration_h + " h";
  let programs, info;
  if (req.mode === "compare") {
    $("result-title").textContent = doc.programs.map((p) => p.label).join(" vs ") + ": " + who + ", " + span;
    compareTables(doc);
    programs = doc.programs.map((p) => p.label);
    doc.programs.forEach((p) => p.notes.concat(p.program.notes).forEach((n) => addNote(notes, p.label + ": " + n)));
    info = doc.programs.map((p) => p.label + ": " + programText(p.program)).join(" · ");
    $("scenario-yaml").textContent = doc.programs.map((p) => "# " + p.label + "\n" + p.scenario_yaml).join("\n");
    $("download-nc").hidden = true;
  } else {
    $("result-title").textContent = doc.name + ": " + who + ", " + span;
    singleTable(doc.table);
    programs = [doc.name];
    doc.notes.concat(doc.program.notes).forEach((n) => addNote(notes, n));
    info = programText(doc.program);
    $("scenario-yaml").textContent = doc.scenario_yaml;
    $("download-nc").hidden = false;
  }
  $("program-info").textContent = info + " · simulated in " + doc.run_time_s.toFixed(2) + " s";
  drawPlots(doc.plots, programs);
}

function addNote(list, text) {
  const li = document.createElement("li");
  li.textContent = text;
  list.appendChild(li);
}

function programText(p) {
  let s = p.sessions + (p.sessions === 1 ? " session, " : " sessions, ") + p.sets + " sets";
  const hs = Object.entries(p.hard_sets_per_week).sort((a, b) => b[1].mean - a[1].mean).slice(0, 4);
  if (hs.length) s += "; hard sets per week: " + hs.map(([m, v]) => m + " " + v.mean.toFixed(1)).join(", ");
  if (p.failed) s += "; " + p.failed + " of " + p.subjects + " people did not solve";
  return s;
}

async function run(event) {
  event.preventDefault();
  const req = request();
  const button = $("run");
  button.disabled = true;
  setStatus("simulating …", "busy");
  try {
    const res = await post(req.url, req.body);
    const doc = await res.json();
    lastRequest = req;
    render(req, doc);
    setStatus("done", "ok");
  } catch (e) {
    setStatus(e.message, "error");
  } finally {
    button.disabled = false;
  }
}

async function download(event) {
  if (!lastRequest) return;
  const format = event.currentTarget.dataset.format;
  const url = lastRequest.url + "/download?format=" + format;
  setStatus("preparing the " + format.toUpperCase() + " file …", "busy");
  try {
    const res = await post(url, lastRequest.body);
    const blob = await res.blob();
    const disposition = res.headers.get("Content-Disposition") || "";
    const m = disposition.match(/filename="([^"]+)"/);
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = m ? m[1] : "myokinetics." + format;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    setStatus("downloaded " + a.download, "ok");
  } catch (e) {
    setStatus(e.message, "error");
  }
}

// --------------------------------------------------------------------------- library
let library = null;

async function showLibrary() {
  if (library === null) {
    const res = await fetch("/api/exercises");
    library = await res.json();
  }
  const q = $("library-q").value.trim().toLowerCase();
  const list = $("library-list");
  list.innerHTML = "";
  library.filter((e) => !q || e.name.toLowerCase().includes(q) || e.equipment.toLowerCase().includes(q) ||
                        Object.keys(e.muscles).some((m) => m.includes(q)) ||
                        e.aliases.some((a) => a.toLowerCase().includes(q)))
    .forEach((e) => {
      const li = document.createElement("li");
      li.textContent = e.name + " — " + Object.keys(e.muscles).join(", ") + (e.equipment ? " (" + e.equipment + ")" : "");
      list.appendChild(li);
    });
}

function useExample() {
  const ex = EXAMPLES[$("example").value];
  if (!ex) return;
  $("mode-" + ex.mode).checked = true;
  showMode();
  $("program-a").value = ex.a;
  $("program-b").value = ex.b || "";
  $("label-a").value = ex.labelA || "";
  $("label-b").value = ex.labelB || "";
  $("duration").value = ex.duration;
  $("progression").value = ex.progression || "";
}

document.addEventListener("DOMContentLoaded", () => {
  $("run-form").addEventListener("submit", run);
  document.querySelectorAll("input[name=mode]").forEach((r) => r.addEventListener("change", showMode));
  $("example").addEventListener("change", useExample);
  document.querySelectorAll(".downloads button").forEach((b) => b.addEventListener("click", download));
  $("library-box").addEventListener("toggle", showLibrary);
  $("library-q").addEventListener("input", showLibrary);
  showMode();
});
