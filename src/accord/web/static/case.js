"use strict";
const caseId = document.body.dataset.case;
const state = {case: null, dates: [], judgements: {}, variants: new Set(), readings: {}, pending: null};

function isoDay(start, offset) {
  const day = new Date(start + "T00:00:00Z");
  day.setUTCDate(day.getUTCDate() + offset);
  return day.toISOString().slice(0, 10);
}

async function showSpace() {
  const slider = document.getElementById("date-slider");
  const at = state.dates.length ? state.dates[Number(slider.value)] : "";
  document.getElementById("date-label").textContent = at || "no calendar";
  const variants = encodeURIComponent([...state.variants].join(","));
  const readings = encodeURIComponent(readingsParameter());
  const asked = `${at}|${variants}|${readings}`;
  state.spaceAsked = asked;
  let space;
  try {
    space = await api(`/api/cases/${caseId}/space?at=${at}&variants=${variants}&readings=${readings}`);
  } catch (error) {
    // A variant that fixes a reading picked here, say: the answer says which.
    if (state.spaceAsked === asked) document.getElementById("space-summary").textContent = error.message;
    return;
  }
  if (state.spaceAsked !== asked) return;
  const names = space.parties;
  document.getElementById("space-summary").textContent =
    `${space.n_zopa} texts in the ZOPA of ${space.n_feasible} feasible`;
  await drawSpace(document.getElementById("space-plot"), space, names, textTraces(space.texts));
  showTexts(space);
  table(document.getElementById("solutions"), ["Solution", "Text", ...names],
        Object.entries(space.solutions).map(([name, point]) => point
          ? [name.replace("_", " "), textOf(point.text), ...point.utilities]
          : [name.replace("_", " "), "none: the ZOPA is empty", "", ""]));
}

function readingsParameter() {
  return Object.entries(state.readings).map(([name, pick]) => `${name}:${pick}`).join(",");
}

function showTexts(space) {
  const section = document.getElementById("texts-section");
  section.hidden = space.texts.length === 0;
  const standing = (t) => t.n_alternatives > 1
    ? `${t.best.standing.toFixed(3)} / ${t.worst.standing.toFixed(3)}` : t.best.standing.toFixed(3);
  table(document.getElementById("texts"),
        ["Text", "Dated", "Alternatives", "In the ZOPA", "Standing (best / worst)", "Best blocked by"],
        space.texts.map((t) => [t.name, t.date + (t.tabled ? "" : " (not yet tabled)"),
          String(t.n_alternatives), String(t.n_in_zopa), standing(t),
          t.best.in_zopa ? "nothing (in the ZOPA)" : t.best.blocked_by.join("; ")]));
  document.querySelectorAll("#texts tbody tr").forEach((row, i) => {
    row.dataset.text = space.texts[i].id;
    row.dataset.inZopa = space.texts[i].best.in_zopa ? "yes" : "no";
  });
}

function courseItem(item) {
  const walkout = item.detail === "walkout";
  return el("li", {class: walkout ? "walkout" : null, "data-kind": walkout ? "walkout" : item.kind},
    `${item.date || ""} `, el("strong", {text: item.name}), ` (${item.detail})`,
    item.effects.length ? ": " + item.effects.join("; ") : "");
}

function sessionOf(row) {
  return row.shown_to ? `shown to ${row.shown_to.join(", ")}` : "joint";
}

async function runWhatIf() {
  const body = {variants: [...state.variants], readings: {...state.readings},
                judgements: state.judgements};
  const request = JSON.stringify(body);
  state.pending = request;
  document.getElementById("ending").textContent = "…";
  let answer;
  try {
    answer = await api(`/api/cases/${caseId}/whatif`, {json: body});
  } catch (error) {
    if (state.pending === request) document.getElementById("ending").textContent = error.message;
    return;
  }
  if (state.pending !== request) return;
  document.getElementById("ending").textContent = answer.outcome.reason;
  document.getElementById("ending").dataset.status = answer.outcome.status;
  document.getElementById("elapsed").textContent = answer.elapsed_ms;
  const points = answer.zopa.points;
  await Plotly.react(document.getElementById("course-plot"), [{
    x: points.map((p, i) => p.date || i), y: points.map((p) => p.n_outcomes),
    text: points.map((p) => p.after_name), type: "scatter", mode: "lines+markers",
    line: {shape: "hv"}, name: "texts in the ZOPA"}],
    {margin: {l: 50, r: 10, t: 10, b: 40}, height: 220, yaxis: {title: {text: "texts in the ZOPA"}}},
    {displayModeBar: false, responsive: true});
  document.getElementById("course").replaceChildren(...answer.timeline.items.map(courseItem));
  table(document.getElementById("proposals"),
        ["Date", "Round", "Proposer", "Session", "Text", "Inducements", "Replies"],
        answer.proposals.rows.map((row) => [row.date, row.round, row.proposer, sessionOf(row),
          row.text ? textOf(row.text) : row.note, row.inducements.join(", "),
          row.replies.map((r) => `${r.party}: ${r.response}`).join(", ")]));
}

function judgementRows() {
  return state.case.judgements.map((j) => {
    const [low, high] = j.range;
    const value = state.judgements[j.path] ?? j.mean;
    const slider = el("input", {type: "range", min: low, max: high, step: (high - low) / 100 || 0.01,
                                value, "data-path": j.path, class: "judgement"});
    const shown = el("output", {text: value});
    slider.addEventListener("change", () => {
      state.judgements[j.path] = Number(slider.value);
      shown.textContent = slider.value;
      runWhatIf();
    });
    slider.addEventListener("input", () => { shown.textContent = slider.value; });
    return [j.path, j.distribution, el("span", {}, slider, " ", shown), j.rationale || ""];
  });
}

function showCase(data) {
  const names = Object.fromEntries(data.parties.map((p) => [p.id, p.name]));
  document.getElementById("parties").replaceChildren(el("h3", {text: "Parties"}),
    el("ul", {}, data.parties.map((p) => el("li", {}, el("strong", {text: p.name}),
      ` (${p.role}) `, p.description || "",
      (data.red_lines[p.id] || []).length
        ? el("div", {class: "muted", text: "Red lines: " + data.red_lines[p.id].map(textOf).join(" | ")})
        : null))));
  document.getElementById("issues").replaceChildren(el("h3", {text: "Issues"}),
    el("ul", {}, data.issues.map((issue) => el("li", {}, el("strong", {text: issue.name}), ": ",
      issue.options.map((o) => o.name || o.id).join(" · ")))));
  document.getElementById("sources").replaceChildren(el("h3", {text: "Sources"}),
    el("ul", {}, (data.sources || []).map((s) => el("li", {text: `${s.title || s.id}` +
      (s.publisher ? ` (${s.publisher})` : "")}))));
  table(document.getElementById("judgements"), ["Judgement", "Distribution", "Value", "Rationale"],
        judgementRows());
  document.getElementById("variants").replaceChildren(...data.variant_names.map((name) => {
    const box = el("input", {type: "checkbox", value: name, class: "variant"});
    box.addEventListener("change", () => {
      if (box.checked) state.variants.add(name); else state.variants.delete(name);
      variantsChanged();
    });
    return el("label", {class: "variant-label"}, box, " ", name);
  }));
  showReadings(data.readings);
  if (data.standing) {
    document.getElementById("standing-section").hidden = false;
    document.getElementById("standing-summary").textContent = data.standing.summary;
    Plotly.newPlot(document.getElementById("standing-plot"), data.standing.figure.data,
                   data.standing.figure.layout, {displayModeBar: false, responsive: true});
  }
  return names;
}

// A structural reading is switched like a variant: pick an alternative, the ending and
// the space are computed again (the file as written is the default).
function showReadings(readings) {
  document.getElementById("readings").replaceChildren(...readings.map((reading) => {
    const pick = el("select", {class: "reading", "data-reading": reading.id},
      reading.alternatives.map((a) => el("option", {value: a.name,
        selected: a.name === (state.readings[reading.id] ?? reading.as_written),
        text: `${a.name} (p ${a.probability})` + (a.name === reading.as_written ? ", as written" : "")})));
    pick.addEventListener("change", () => {
      if (pick.value === reading.as_written) delete state.readings[reading.id];
      else state.readings[reading.id] = pick.value;
      runWhatIf(); showSpace();
    });
    return el("label", {class: "reading-label", title: reading.description || ""}, reading.id, " ", pick);
  }));
}

// Variants change what can be judged and read (a variant may remove an event, or fix a
// reading): the case is asked again with them, and what no longer exists is dropped.
async function variantsChanged() {
  const asked = [...state.variants].join(",");
  state.variantsAsked = asked;
  let data;
  try {
    data = await api(`/api/cases/${caseId}?variants=${encodeURIComponent(asked)}`);
  } catch (error) {
    if (state.variantsAsked === asked) document.getElementById("ending").textContent = error.message;
    return;
  }
  if (state.variantsAsked !== asked) return;
  const paths = new Set(data.judgements.map((j) => j.path));
  for (const path of Object.keys(state.judgements)) if (!paths.has(path)) delete state.judgements[path];
  const readings = new Set(data.readings.map((r) => r.id));
  for (const name of Object.keys(state.readings)) if (!readings.has(name)) delete state.readings[name];
  state.case.judgements = data.judgements;
  table(document.getElementById("judgements"), ["Judgement", "Distribution", "Value", "Rationale"],
        judgementRows());
  showReadings(data.readings);
  runWhatIf(); showSpace();
}

// The date shows at once; the space is asked once the slider rests.
let spaceTimer = null;
function showSpaceSoon() {
  const slider = document.getElementById("date-slider");
  document.getElementById("date-label").textContent = state.dates[Number(slider.value)] || "no calendar";
  clearTimeout(spaceTimer);
  spaceTimer = setTimeout(showSpace, 150);
}

async function start() {
  state.case = await api(`/api/cases/${caseId}`);
  showCase(state.case);
  const calendar = state.case.calendar;
  const slider = document.getElementById("date-slider");
  if (calendar) {
    const days = Math.round((Date.parse(calendar.end) - Date.parse(calendar.start)) / 86400000);
    state.dates = Array.from({length: days + 1}, (_, i) => isoDay(calendar.start, i));
    slider.max = String(days);
  } else {
    slider.disabled = true;
  }
  slider.addEventListener("input", showSpaceSoon);
  await Promise.all([showSpace(), runWhatIf()]);
  document.body.dataset.ready = "yes";
}
start();
