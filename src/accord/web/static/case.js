"use strict";
const caseId = document.body.dataset.case;
const state = {case: null, dates: [], judgements: {}, variants: new Set(), pending: null};

function isoDay(start, offset) {
  const day = new Date(start + "T00:00:00Z");
  day.setUTCDate(day.getUTCDate() + offset);
  return day.toISOString().slice(0, 10);
}

async function showSpace() {
  const slider = document.getElementById("date-slider");
  const at = state.dates.length ? state.dates[Number(slider.value)] : "";
  document.getElementById("date-label").textContent = at || "no calendar";
  const variants = [...state.variants].join(",");
  const space = await api(`/api/cases/${caseId}/space?at=${at}&variants=${variants}`);
  if (space.date !== (at || null)) return;
  const names = space.parties;
  document.getElementById("space-summary").textContent =
    `${space.n_zopa} texts in the ZOPA of ${space.n_feasible} feasible`;
  await drawSpace(document.getElementById("space-plot"), space, names);
  table(document.getElementById("solutions"), ["Solution", "Text", ...names],
        Object.entries(space.solutions).map(([name, point]) => point
          ? [name.replace("_", " "), textOf(point.text), ...point.utilities]
          : [name.replace("_", " "), "none: the ZOPA is empty", "", ""]));
}

async function runWhatIf() {
  const body = {variants: [...state.variants], judgements: state.judgements};
  const request = JSON.stringify(body);
  state.pending = request;
  document.getElementById("ending").textContent = "…";
  const answer = await api(`/api/cases/${caseId}/whatif`, {json: body});
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
  table(document.getElementById("proposals"), ["Date", "Round", "Proposer", "Text", "Replies"],
        answer.proposals.rows.map((row) => [row.date, row.round, row.proposer,
          row.text ? textOf(row.text) : row.note,
          row.replies.map((r) => `${r.party}: ${r.response}`).join(", ")]));
}

function judgementRows() {
  return state.case.judgements.map((j) => {
    const [low, high] = j.range;
    const slider = el("input", {type: "range", min: low, max: high, step: (high - low) / 100 || 0.01,
                                value: j.mean, "data-path": j.path, class: "judgement"});
    const shown = el("output", {text: j.mean});
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
      runWhatIf(); showSpace();
    });
    return el("label", {class: "variant-label"}, box, " ", name);
  }));
  return names;
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
  slider.addEventListener("input", showSpace);
  await Promise.all([showSpace(), runWhatIf()]);
  document.body.dataset.ready = "yes";
}
start();
