"use strict";
const game = document.body.dataset.game;
const party = document.body.dataset.party;
const token = localStorage.getItem(`accord-seat-${game}-${party}`) || "";
const seatUrl = `/api/games/${game}/${encodeURIComponent(party)}`;
let shownBrief = false;
let polling = null;

function showBrief(brief) {
  if (shownBrief) return;
  shownBrief = true;
  document.getElementById("party-name").textContent = brief.name || brief.party;
  const weights = Object.entries(brief.weights);
  document.getElementById("brief-body").replaceChildren(
    el("p", {text: brief.case.description || ""}),
    el("p", {text: brief.description || ""}),
    el("h3", {text: "What matters to you (weights)"}),
    el("ul", {}, weights.map(([issue, w]) => el("li", {text: `${issue}: ${w}`}))),
    el("h3", {text: "How you value each option (0 to 1)"}),
    el("ul", {}, Object.entries(brief.values).map(([issue, options]) => el("li", {},
      el("strong", {text: issue}), ": ",
      Object.entries(options).map(([o, v]) => `${o} ${v}`).join(", ")))),
    el("h3", {text: "Your red lines"}),
    brief.red_lines.length ? el("ul", {}, brief.red_lines.map((r) => el("li", {text: textOf(r)})))
      : el("p", {text: "none"}));
}

function showRecord(view) {
  document.getElementById("news").replaceChildren(...view.news.map((n) => el("li", {class: "news"},
    el("strong", {text: `${n.date || ""} ${n.name}`}), n.description ? ` ${n.description}` : "",
    n.effects_on_you.length ? el("div", {class: "muted", text: "For you: " +
      n.effects_on_you.map((e) => `${e.quantity}${e.about ? " in " + e.about : ""} ${e.before} → ${e.after}`).join("; ")}) : null)));
  document.getElementById("record").replaceChildren(...view.record.map((round) => el("div", {},
    el("h4", {text: `${round.name} ${round.date || ""}`}),
    el("ol", {}, round.steps.map((step) => el("li", {},
      `${step.proposer}: `, step.text ? textOf(step.text) : step.note,
      step.your_value !== undefined ? el("span", {class: "muted", text: ` (worth ${step.your_value} to you)`}) : "",
      el("div", {class: "muted", text: step.replies.map((r) => `${r.party} ${r.response}` +
        (Object.keys(r.amendments).length ? ` (${textOf(r.amendments)})` : "")).join("; ")})))))));
}

function optionSelect(issue, chosen) {
  return el("select", {"data-issue": issue.id, class: "option-select"},
    issue.options.map((o) => el("option", {value: o.id, text: o.name || o.id,
                                           selected: o.id === chosen})));
}

async function send(move, turn) {
  // One move per turn: a second click while the first is on its way would be refused.
  const buttons = [...document.querySelectorAll("#turn button")].filter((b) => !b.disabled);
  for (const button of buttons) button.disabled = true;
  try {
    render(await api(`${seatUrl}/moves?token=${encodeURIComponent(token)}`, {json: {...move, turn}}));
  } catch (error) {
    if (error.status === 409) {
      // Answered meanwhile (another window): show the turn open now, and why.
      await refresh();
      document.getElementById("status").textContent = error.message;
      return;
    }
    for (const button of buttons) button.disabled = false;
    document.getElementById("turn").append(el("p", {class: "problems", text: error.message}));
  }
}

function showTurn(view) {
  const turn = view.turn;
  const box = document.getElementById("turn");
  if (!turn) { box.replaceChildren(); return; }
  const parts = [el("p", {},
    `Your reservation value now: ${view.reservation_value}. `,
    turn.text ? `This text is worth ${turn.value} to you.` : "There is no offer on the table.")];
  if (turn.text) parts.push(el("p", {class: "draft", text: textOf(turn.text)}));
  if (turn.crosses_red_line) parts.push(el("p", {class: "problems", text: "It crosses one of your red lines."}));
  const accept = el("button", {id: "accept", type: "button", text: "Accept", disabled: !turn.text || turn.crosses_red_line});
  accept.addEventListener("click", () => send({accept: true}, turn.number));
  parts.push(accept);
  if (turn.kind === "reply") {
    const rows = view.issues.map((issue) => el("label", {class: "amend-row"},
      el("input", {type: "checkbox", class: "amend", "data-issue": issue.id}), ` ${issue.name}: `,
      optionSelect(issue, turn.text[issue.id])));
    const amend = el("button", {id: "amend", type: "button", text: "Ask to amend the ticked issues"});
    amend.addEventListener("click", () => {
      const amendments = {};
      for (const box of document.querySelectorAll(".amend:checked")) {
        const issue = box.dataset.issue;
        amendments[issue] = document.querySelector(`select[data-issue="${issue}"]`).value;
      }
      send({accept: false, amendments}, turn.number);
    });
    parts.push(el("h3", {text: "Or ask for amendments"}), ...rows, amend);
  } else {
    const rows = view.issues.map((issue) => el("label", {class: "amend-row"}, `${issue.name}: `,
      optionSelect(issue, turn.text ? turn.text[issue.id] : issue.options[0].id)));
    const offer = el("button", {id: "offer", type: "button", text: "Make this offer"});
    offer.addEventListener("click", () => {
      const text = {};
      for (const select of document.querySelectorAll(".option-select")) text[select.dataset.issue] = select.value;
      send({accept: false, offer: text}, turn.number);
    });
    parts.push(el("h3", {text: "Or make your own offer"}), ...rows, offer);
  }
  box.replaceChildren(...parts);
}

async function showDebrief(view) {
  const d = view.debrief;
  const section = document.getElementById("debrief");
  section.hidden = false;
  const o = d.outcome;
  const gap = o.your_utility === null ? "no agreement" :
    `you got ${o.your_utility} (worth ${d.your_value} with your trust in the other side) ` +
    `against a reservation value of ${o.your_reservation_value}`;
  document.getElementById("debrief-summary").textContent =
    `${o.reason}. For you: ${gap}. Joint gains left on the table: ${d.joint_gains_left}.` +
    (d.nash ? ` The Nash text: ${textOf(d.nash.text)}.` : " The ZOPA was empty at the end.");
  const moves = d.moves.map((m) => m.utilities);
  const extra = [{x: moves.map((u) => u[0]), y: moves.map((u) => u[1]), name: "texts you offered or answered",
                  mode: "markers+text", type: "scatter", text: d.moves.map((m, i) => String(i + 1)),
                  textposition: "top center", marker: {color: "#e9c46a", size: 10, line: {width: 1}}}];
  if (d.final) extra.push({x: [d.final.utilities[0]], y: [d.final.utilities[1]], name: "final text",
                           mode: "markers", type: "scatter", marker: {color: "#e63946", size: 14, symbol: "diamond"}});
  // What the real delegations signed or drafted, where the case has historical texts.
  extra.push(...textTraces(d.texts));
  document.getElementById("debrief-texts").hidden = d.texts.length === 0;
  const space = {outcomes: d.outcomes, zopa: d.zopa, pareto: d.pareto,
                 solutions: d.nash ? {nash: d.nash} : {}, reservation_values: d.reservation_values};
  await drawSpace(document.getElementById("debrief-plot"), space, [d.party, d.counterpart], extra);
  document.getElementById("moments").replaceChildren(...(d.moments.length ? d.moments.map((m) =>
    el("li", {text: m.kind === "zopa"
      ? `${m.date || ""} after ${m.after}: texts in the ZOPA ${m.before} → ${m.now}`
      : `${m.date || ""} after ${m.after}: ${m.holder}'s belief in ${m.about} ${m.before} → ${m.now}`}))
    : [el("li", {text: "Neither the beliefs nor the ZOPA changed during the talks."})]));
  document.body.dataset.debrief = "shown";
}

async function render(view) {
  showBrief(view.brief);
  showRecord(view);
  showTurn(view);
  const status = document.getElementById("status");
  if (view.finished) {
    status.textContent = `The talks are over: ${view.outcome.status}`;
    clearInterval(polling);
    await showDebrief(view);
  } else if (view.turn) {
    status.textContent = "Your move";
  } else {
    status.textContent = `Waiting for ${view.waiting_for.join(", ")}`;
  }
  document.body.dataset.state = view.finished ? "finished" : view.turn ? "turn" : "waiting";
}

let refreshing = false;

async function refresh() {
  // A slow answer must not overtake the next poll's: one poll at a time.
  if (refreshing) return;
  refreshing = true;
  try { await render(await api(`${seatUrl}?token=${encodeURIComponent(token)}`)); }
  catch (error) {
    // A refused seat (4xx) stays refused; a lost connection or a restarting server is
    // tried again at the next poll.
    const refused = error.status >= 400 && error.status < 500;
    document.getElementById("status").textContent = refused ? error.message
      : `${error.message}: trying again`;
    document.body.dataset.state = refused ? "refused" : "waiting";
    if (refused) clearInterval(polling);
  }
  finally { refreshing = false; }
}
refresh();
polling = setInterval(() => { if (document.body.dataset.state === "waiting") refresh(); }, 1000);
