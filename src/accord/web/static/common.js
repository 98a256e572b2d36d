"use strict";
// Shared by every page: DOM building (text only, never HTML from data), the JSON API,
// and the bargaining-space figure.

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// The instructor key, when the page was opened with one (a class in session).
const pageKey = new URLSearchParams(window.location.search).get("key");

async function api(path, options) {
  const url = pageKey ? `${path}${path.includes("?") ? "&" : "?"}key=${encodeURIComponent(pageKey)}` : path;
  const init = options || {};
  if (init.json !== undefined) {
    init.method = init.method || "POST";
    init.headers = {"Content-Type": "application/json"};
    init.body = JSON.stringify(init.json);
    delete init.json;
  }
  const response = await fetch(url, init);
  const data = await response.json();
  if (!response.ok) {
    const error = new Error(data.error || response.statusText);
    error.problems = data.problems || [];
    error.status = response.status;
    throw error;
  }
  return data;
}

function textOf(text) {
  return Object.entries(text || {}).map(([issue, option]) => `${issue}: ${option}`).join("; ");
}

function table(node, header, rows) {
  node.replaceChildren(
    el("thead", {}, el("tr", {}, header.map((h) => el("th", {text: h})))),
    el("tbody", {}, rows.map((row) => el("tr", {}, row.map((cell) =>
      cell instanceof Node ? el("td", {}, cell) : el("td", {text: cell === null ? "" : cell}))))));
}

// The space in two parties' utilities: feasible texts, ZOPA, Pareto frontier, solutions,
// reservation values, and any extra traces (offers, the final text).
function drawSpace(node, space, names, extra) {
  const xy = (points) => ({x: points.map((p) => p[0]), y: points.map((p) => p[1])});
  const traces = [
    {...xy(space.outcomes), name: "feasible texts", mode: "markers", type: "scatter",
     marker: {color: "#c8ccd2", size: 5}},
    {...xy(space.zopa), name: "ZOPA", mode: "markers", type: "scatter",
     marker: {color: "#2a9d8f", size: 7}},
    {...xy(space.pareto), name: "Pareto frontier", mode: "lines+markers", type: "scatter",
     line: {color: "#264653"}, marker: {size: 5}},
  ];
  for (const [name, point] of Object.entries(space.solutions || {})) {
    if (!point) continue;
    traces.push({x: [point.utilities[0]], y: [point.utilities[1]], name: name.replace("_", " "),
                 mode: "markers", type: "scatter", marker: {size: 12, symbol: "star"},
                 text: [textOf(point.text)], hoverinfo: "text+name"});
  }
  const [rx, ry] = space.reservation_values;
  const layout = {
    margin: {l: 50, r: 10, t: 10, b: 45}, height: 420, legend: {orientation: "h", y: -0.2},
    xaxis: {title: {text: `${names[0]} utility`}, range: [0, 1.02]},
    yaxis: {title: {text: `${names[1]} utility`}, range: [0, 1.02]},
    shapes: [
      {type: "line", x0: rx, x1: rx, y0: 0, y1: 1, line: {dash: "dot", color: "#e76f51"}},
      {type: "line", x0: 0, x1: 1, y0: ry, y1: ry, line: {dash: "dot", color: "#e76f51"}},
    ],
  };
  return Plotly.react(node, traces.concat(extra || []), layout, {displayModeBar: false,
                                                                 responsive: true});
}

// Each historical text as a labelled point (its best alternative), with its worst
// alternative joined to it when the text leaves issues open. Filled: in the ZOPA.
const TEXT_COLOURS = ["#6d597a", "#b56576", "#355070", "#e07a5f", "#3d405b", "#81b29a"];

function textTraces(texts) {
  return texts.map((text, index) => {
    const colour = TEXT_COLOURS[index % TEXT_COLOURS.length];
    const best = text.best, worst = text.worst;
    const twoPoints = text.n_alternatives > 1;
    const points = twoPoints ? [best, worst] : [best];
    const status = (a) => a.in_zopa ? "in the ZOPA" : `blocked: ${a.blocked_by.join("; ") || "no"}`;
    return {
      x: points.map((a) => a.utilities[0]), y: points.map((a) => a.utilities[1]),
      name: text.name, meta: text.id, type: "scatter",
      mode: twoPoints ? "lines+markers+text" : "markers+text",
      text: points.map((_, i) => i === 0 ? text.name : ""), textposition: "top center",
      textfont: {size: 10},
      line: {dash: "dot", width: 1, color: colour},
      marker: {size: 11, symbol: points.map((a) => a.in_zopa ? "diamond" : "diamond-open"),
               color: colour, line: {width: 2, color: colour}},
      hovertext: points.map((a, i) => `${text.name} (${twoPoints ? ["best", "worst"][i] + " alternative" : "text"}): ` +
        `standing ${a.standing.toFixed(3)}, ${status(a)}`),
      hoverinfo: "text",
    };
  });
}
