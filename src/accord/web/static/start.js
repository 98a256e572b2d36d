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

async function join(code, party) {
  const seat = await api(`/api/games/${code}/seats`, {json: {party}});
  localStorage.setItem(`accord-seat-${code}-${party}`, seat.token);
  window.location.href = `/play/${code}/${encodeURIComponent(party)}`;
}

const soloCase = document.getElementById("solo-case");
soloCase.addEventListener("change", () => fillParties(soloCase, document.getElementById("solo-party")));
fillParties(soloCase, document.getElementById("solo-party"));
document.getElementById("solo").addEventListener("submit", async (event) => {
  event.preventDefault();
  const party = document.getElementById("solo-party").value;
  try {
    const game = await api("/api/games", {json: {case: soloCase.value, seats: [party]}});
    await join(game.code, party);
  } catch (error) { fail(error); }
});

document.getElementById("class-case").addEventListener("change", seatBoxes);
seatBoxes();
document.getElementById("class-new").addEventListener("submit", async (event) => {
  event.preventDefault();
  const seats = [...document.querySelectorAll(".class-seat:checked")].map((b) => b.value);
  try {
    const game = await api("/api/games", {json: {case: document.getElementById("class-case").value,
                                                  seats, title: "class"}});
    document.getElementById("class-code").textContent = game.code;
    document.getElementById("join-code").value = game.code;
    await findGame();
  } catch (error) { fail(error); }
});

async function findGame() {
  const code = document.getElementById("join-code").value.trim().toUpperCase();
  const game = await api(`/api/games/${encodeURIComponent(code)}`);
  const names = Object.fromEntries(game.parties.map((p) => [p.id, p.name]));
  document.getElementById("join-party").replaceChildren(...game.seats.map((p) =>
    el("option", {value: p, text: names[p] || p})));
}
document.getElementById("join-find").addEventListener("click", () => findGame().catch(fail));
document.getElementById("join").addEventListener("submit", async (event) => {
  event.preventDefault();
  const code = document.getElementById("join-code").value.trim().toUpperCase();
  try { await join(code, document.getElementById("join-party").value); } catch (error) { fail(error); }
});
