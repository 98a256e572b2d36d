"use strict";
document.getElementById("upload").addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = document.getElementById("upload-file").files[0];
  const out = document.getElementById("upload-result");
  if (!file) return;
  try {
    const created = await api(`/api/cases?name=${encodeURIComponent(file.name)}`,
                              {method: "POST", body: await file.arrayBuffer()});
    window.location.href = `/cases/${encodeURIComponent(created.id)}`;
  } catch (error) {
    out.textContent = error.problems.length
      ? error.problems.map((p) => p.message).join("\n") : error.message;
  }
});
