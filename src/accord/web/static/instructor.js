"use strict";
const key = document.body.dataset.key;

async function show() {
  const games = await api(`/api/instructor?key=${encodeURIComponent(key)}`);
  const box = document.getElementById("games");
  box.replaceChildren(...games.map((g) => el("section", {class: "game", "data-code": g.code},
    el("h2", {}, el("code", {text: g.code}), ` ${g.case} `, el("span", {class: "muted",
      text: g.finished ? `over: ${g.outcome.reason}` : `waiting for ${g.waiting_for.join(", ")} (${g.n_moves} moves)`})),
    el("div", {class: "debriefs"}, Object.entries(g.debriefs || {}).map(([party, d]) =>
      el("div", {class: "debrief-card"}, el("h3", {text: party}),
        el("p", {text: d.outcome.your_utility === null ? "no agreement"
          : `utility ${d.outcome.your_utility} vs reservation value ${d.outcome.your_reservation_value}`}),
        el("p", {text: `joint gains left: ${d.joint_gains_left}`}),
        el("div", {class: "plot small", id: `plot-${g.code}-${party}`})))))));
  for (const g of games) {
    for (const [party, d] of Object.entries(g.debriefs || {})) {
      const moves = d.moves.map((m) => m.utilities);
      const extra = [{x: moves.map((u) => u[0]), y: moves.map((u) => u[1]), mode: "markers", type: "scatter",
                      name: "moves", marker: {color: "#e9c46a", size: 9}}];
      if (d.final) extra.push({x: [d.final.utilities[0]], y: [d.final.utilities[1]], name: "final text",
                               mode: "markers", type: "scatter", marker: {color: "#e63946", size: 12}});
      await drawSpace(document.getElementById(`plot-${g.code}-${party}`),
        {outcomes: d.outcomes, zopa: d.zopa, pareto: d.pareto, solutions: d.nash ? {nash: d.nash} : {},
         reservation_values: d.reservation_values}, [party, d.counterpart], extra);
    }
  }
  document.body.dataset.ready = "yes";
}
let refreshing = false;

// One poll at a time (a slow answer must not overwrite a newer one); a failed poll is
// said on the page and the next one tries again.
async function refresh() {
  if (refreshing) return;
  refreshing = true;
  const state = document.getElementById("instructor-state");
  try {
    await show();
    state.textContent = "";
  } catch (error) {
    state.textContent = `Not refreshed: ${error.message}`;
  } finally {
    refreshing = false;
  }
}
refresh();
setInterval(refresh, 5000);
