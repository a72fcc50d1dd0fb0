// River dashboard: confirmations, selection, live refresh of [data-live] regions, filter-wide actions with progress.
// No dependencies; served from the assembly. Everything it inserts comes from the server's escaped HTML or is set
// as textContent.
(function () {
  "use strict";
  const body = document.body;
  const refreshMs = Number(body.dataset.refreshMs) || 3000;
  let live = sessionStorage.getItem("river-live") !== "off";

  // Confirmation of every action button that carries data-confirm.
  document.addEventListener("click", function (e) {
    const button = e.target.closest("button[data-confirm]");
    if (button && !button.dataset.filterAction && !window.confirm(button.dataset.confirm)) {
      e.preventDefault();
    }
  });

  // Selection: select-all, count, enabling the buttons that need a selection.
  function updateSelection() {
    const boxes = document.querySelectorAll("input[name=id][type=checkbox]");
    const n = Array.from(boxes).filter(b => b.checked).length;
    document.querySelectorAll("[data-needs-selection]").forEach(b => { b.disabled = n === 0; });
    const label = document.querySelector("[data-selected-count]");
    if (label) label.textContent = n === 0 ? "No job selected" : n + (n === 1 ? " job selected" : " jobs selected");
  }
  document.addEventListener("change", function (e) {
    if (e.target.matches("[data-select-all]")) {
      document.querySelectorAll("input[name=id][type=checkbox]").forEach(b => { b.checked = e.target.checked; });
    }
    if (e.target.matches("input[type=checkbox]")) updateSelection();
  });

  // Live refresh: fetch this page again and swap each [data-live] region, unless the user is busy with it.
  function busy() {
    return document.querySelector("input[name=id]:checked, [data-select-all]:checked") !== null ||
      document.querySelector("[data-progress].running") !== null ||
      (document.activeElement && document.activeElement.closest("[data-live]") !== null && document.activeElement.matches("input, select, button"));
  }
  // Bounded polling: one request in flight per page (the next is scheduled when the last answered), none while the
  // tab is hidden, and the pause after each refresh grows with the server's time for it (10x, up to a minute), so
  // one open page never keeps more than about a tenth of a database core busy however large river_job is.
  const maxDelayMs = 60000;
  let timer = 0;
  function schedule(ms) {
    clearTimeout(timer);
    body.dataset.refreshDelayMs = String(ms);
    timer = setTimeout(refresh, ms);
  }
  function serverMs(response) {
    const m = /app;dur=([0-9.]+)/.exec(response.headers.get("Server-Timing") || "");
    return m ? Number(m[1]) : 0;
  }
  async function refresh() {
    let delay = refreshMs;
    if (!live || document.hidden || busy()) { schedule(delay); return; }
    try {
      const response = await fetch(location.href, { headers: { "X-River-Live": "1" }, credentials: "same-origin" });
      delay = Math.min(maxDelayMs, Math.max(refreshMs, 10 * serverMs(response)));
      if (response.ok) {
        const doc = new DOMParser().parseFromString(await response.text(), "text/html");
        if (!busy()) {
          document.querySelectorAll("[data-live][id]").forEach(region => {
            const fresh = doc.getElementById(region.id);
            if (fresh && fresh.innerHTML !== region.innerHTML) region.innerHTML = fresh.innerHTML;
          });
          relativeTimes();
          updateSelection();
        }
        body.dataset.refreshed = String(Date.now());
      }
    } catch (_) { delay = Math.min(maxDelayMs, delay * 2); /* the next tick tries again */ }
    schedule(delay);
  }
  document.addEventListener("visibilitychange", function () { if (!document.hidden && live) schedule(0); });
  const toggle = document.querySelector("[data-live-toggle]");
  if (toggle) {
    toggle.setAttribute("aria-pressed", String(live));
    toggle.addEventListener("click", function () {
      live = !live;
      sessionStorage.setItem("river-live", live ? "on" : "off");
      toggle.setAttribute("aria-pressed", String(live));
      if (live) schedule(0);
    });
  }
  schedule(refreshMs);

  // Relative times as tooltips ("3 min ago").
  function relativeTimes() {
    const now = Date.now();
    document.querySelectorAll("time[datetime]").forEach(t => {
      const s = Math.round((new Date(t.getAttribute("datetime")).getTime() - now) / 1000);
      const a = Math.abs(s);
      const text = a < 60 ? a + " s" : a < 3600 ? Math.round(a / 60) + " min" : a < 86400 ? Math.round(a / 3600) + " h" : Math.round(a / 86400) + " d";
      t.title = (s <= 0 ? text + " ago" : "in " + text) + " (UTC " + t.textContent + ")";
    });
  }
  relativeTimes();

  // Filter-wide actions: repeat one bounded step at a time, showing progress, until the server says done.
  document.addEventListener("click", async function (e) {
    const button = e.target.closest("button[data-filter-action]");
    if (!button) return;
    e.preventDefault();
    if (!window.confirm(button.dataset.confirm)) return;
    const form = button.closest("form");
    const filters = document.getElementById("filters");
    const progress = document.querySelector("[data-progress]");
    const data = new FormData();
    new FormData(filters).forEach((v, k) => data.append(k, v));
    data.append(form.querySelector("input[type=hidden]").name, form.querySelector("input[type=hidden]").value);
    data.append("action", button.dataset.filterAction);
    let processed = 0, changed = 0, after = "";
    progress.classList.add("running");
    document.querySelectorAll("[data-filter-action]").forEach(b => { b.disabled = true; });
    try {
      for (;;) {
        data.set("after", after);
        const response = await fetch(form.getAttribute("action").replace(/\/jobs\/action$/, "/jobs/filter-action"), { method: "POST", body: data, credentials: "same-origin" });
        if (!response.ok) { progress.textContent = "Stopped: " + (await response.text()); break; }
        const step = await response.json();
        processed += step.processed; changed += step.changed;
        progress.textContent = "Working… " + changed + " changed of " + processed + " matched";
        if (!step.next) { progress.textContent = "Done: " + changed + " changed of " + processed + " matched."; break; }
        after = step.next;
      }
    } finally {
      progress.classList.remove("running");
      document.querySelectorAll("[data-filter-action]").forEach(b => { b.disabled = false; });
    }
  });
})();
