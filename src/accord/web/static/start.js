"use strict";
function fillParties(select, target) {
  const option = select.selectedOptions[0];
  const parties = JSON.parse(option.dataset.parties);
  target.replaceChildren(...parties.map((p) => el("option", {value: p.id, text: p.name})));
}

function seatBoxes() {
  const option = document.getElementById("class-case").selectedOptions[0];
  const parties = JSON.parse(option.dataset.parties);
  document.getElementById("class-seats").replaceChildren(...parties.map((p) =>
    el("label", {class: "variant-label"}, el("input", {type: "checkbox", value: p.id,
                                                      class: "class-seat", checked: true}),
       " ", p.name)));
}

function fail(error) { document.getElementById("start-error").textContent = error.message; }

// A form sends once: its buttons wait for the answer (a second click would open a second game).
function onSubmit(form, handler) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const buttons = [...form.querySelectorAll("button")];
    for (const button of buttons) button.disabled = true;
    document.getElementById("start-error").textContent = "";
    try { await handler(); } catch (error) { fail(error); }
    finally { for (const button of buttons) button.disabled = false; }
  });
}

async function join(code, party) {
  const seat = await api(`/api/games/${code}/seats`, {json: {party}});
  localStorage.setItem(`accord-seat-${code}-${party}`, seat.token);
  window.location.href = `/play/${code}/${encodeURIComponent(party)}`;
}

// The game whose delegations the join form lists (null: none found yet).
let found = null;

async function findGame() {
  const box = document.getElementById("join-code");
  const code = box.value.trim().toUpperCase();
  const parties = document.getElementById("join-party");
  found = null;
  parties.replaceChildren();
  const game = await api(`/api/games/${encodeURIComponent(code)}`);
  // A slower answer for a code asked before is dropped: the list is the box's game's.
  if (box.value.trim().toUpperCase() !== code) return;
  const names = Object.fromEntries(game.parties.map((p) => [p.id, p.name]));
  parties.replaceChildren(...game.seats.map((p) => el("option", {value: p, text: names[p] || p})));
  found = code;
}

// Present only where games may be opened here (always, but in a class in session).
const soloCase = document.getElementById("solo-case");
if (soloCase) {
  soloCase.addEventListener("change", () => fillParties(soloCase, document.getElementById("solo-party")));
  fillParties(soloCase, document.getElementById("solo-party"));
  onSubmit(document.getElementById("solo"), async () => {
    const party = document.getElementById("solo-party").value;
    const game = await api("/api/games", {json: {case: soloCase.value, seats: [party]}});
    await join(game.code, party);
  });
  document.getElementById("class-case").addEventListener("change", seatBoxes);
  seatBoxes();
  onSubmit(document.getElementById("class-new"), async () => {
    const seats = [...document.querySelectorAll(".class-seat:checked")].map((b) => b.value);
    const game = await api("/api/games", {json: {case: document.getElementById("class-case").value,
                                                  seats, title: "class"}});
    document.getElementById("class-code").textContent = game.code;
    document.getElementById("join-code").value = game.code;
    await findGame();
  });
}

document.getElementById("join-find").addEventListener("click", () => findGame().catch(fail));
document.getElementById("join-code").addEventListener("input", () => {
  found = null;
  document.getElementById("join-party").replaceChildren();
});
onSubmit(document.getElementById("join"), async () => {
  const code = document.getElementById("join-code").value.trim().toUpperCase();
  // Not found yet (or the code changed since): list its delegations to choose from first.
  if (found !== code) { await findGame(); return; }
  await join(code, document.getElementById("join-party").value);
});
