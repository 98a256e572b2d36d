"use strict";
const caseSelect = document.getElementById("sweep-case");

async function showVariants() {
  const asked = caseSelect.value;
  const box = document.getElementById("sweep-variants");
  box.replaceChildren();
  delete box.dataset.case;
  let data;
  try {
    data = await api(`/api/cases/${encodeURIComponent(asked)}`);
  } catch (error) {
    if (caseSelect.value === asked) document.getElementById("sweep-state").textContent = error.message;
    return;
  }
  // The answer for a case chosen before may come last: only the case chosen now is shown.
  if (caseSelect.value !== asked) return;
  box.replaceChildren(...(data.variant_names.length ? data.variant_names.map((name) =>
    el("label", {class: "variant-label"}, el("input", {type: "checkbox", value: name,
                                                      class: "sweep-variant"}), " ", name))
    : [el("span", {class: "variant-label", text: "no variants: the case as written"})]));
  box.dataset.case = asked;
}

async function showStored() {
  const rows = await api("/api/sweeps");
  table(document.getElementById("stored"), ["Sweep", "Case", "Draws", "Variants", "Started", ""],
        rows.map((row) => [row.sweep_id, row.scenario, row.n_draws, row.variants.join(", "),
          row.started, !row.finished ? "unfinished"
            : row.reportable ? el("a", {href: withKey(`/sweeps/${row.sweep_id}/report`),
                                        class: "report-link", text: "report"})
            : "not a case of this workbench (accord report)"]));
}

async function follow(job) {
  const bar = document.getElementById("sweep-progress");
  const label = document.getElementById("sweep-state");
  for (;;) {
    const now = await api(`/api/sweeps/jobs/${job}`);
    bar.max = Math.max(1, now.planned);
    bar.value = now.done;
    label.textContent = `${now.state}: ${now.done} of ${now.planned} runs` +
      (now.error ? ` (${now.error})` : "");
    label.dataset.state = now.state;
    if (now.state !== "running" && now.state !== "queued") break;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await showStored();
}

function withKey(path) {
  return pageKey ? `${path}?key=${encodeURIComponent(pageKey)}` : path;
}

document.getElementById("sweep-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const start = document.getElementById("sweep-start");
  // One sweep per click: the button waits until the sweep it started has ended.
  if (start.disabled) return;
  if (document.getElementById("sweep-variants").dataset.case !== caseSelect.value) {
    document.getElementById("sweep-state").textContent = "the case's variants are still loading";
    return;
  }
  const variants = [...document.querySelectorAll(".sweep-variant:checked")].map((b) => b.value);
  start.disabled = true;
  try {
    const job = await api("/api/sweeps", {json: {case: caseSelect.value, variants,
      n_draws: Number(document.getElementById("sweep-draws").value)}});
    await follow(job.job);
  } catch (error) {
    document.getElementById("sweep-state").textContent = error.message;
  } finally {
    start.disabled = false;
  }
});
caseSelect.addEventListener("change", showVariants);
showVariants();
showStored();
