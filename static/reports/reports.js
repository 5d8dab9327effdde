// Progress of the statements being produced, without reloading the page: polls the JSON
// status endpoint while any export on the page is queued or running.
(function () {
  "use strict";
  var container = document.getElementById("exports");
  if (!container) { return; }
  var url = container.getAttribute("data-status-url");
  var live = document.getElementById("exports-live");
  var finished = {};

  function activeRows() {
    return Array.prototype.slice.call(container.querySelectorAll("tr[data-active='1']"));
  }

  function update(row, data) {
    var label = row.querySelector("[data-role='status-label']");
    var bar = row.querySelector("[data-role='progress']");
    var step = row.querySelector("[data-role='step']");
    var error = row.querySelector("[data-role='error']");
    if (label) {
      label.textContent = data.status_label;
      label.className = "badge export-badge export-badge-" + data.status;
    }
    if (bar) {
      bar.setAttribute("aria-valuenow", String(data.progress));
      var inner = bar.querySelector(".progress-bar");
      inner.style.width = data.progress + "%";
      inner.textContent = data.progress + "\u00a0%";
    }
    if (step) { step.textContent = data.step || ""; }
    if (data.status === "done" || data.status === "failed") {
      row.setAttribute("data-active", "0");
      if (bar) { bar.hidden = true; }
      if (error) { error.textContent = data.error || ""; }
      if (!finished[data.id]) {
        finished[data.id] = true;
        if (live) { live.textContent = data.status_label; }
        if (data.status === "failed") {
          // The retry button needs the server's form (CSRF token): show the page again.
          window.location.reload();
          return;
        }
      }
      var list = row.querySelector("[data-role='files']");
      if (list && data.files.length && !list.children.length) {
        data.files.forEach(function (file) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = file.url;
          link.textContent = file.label;
          item.appendChild(link);
          var sum = document.createElement("span");
          sum.className = "small text-body-secondary d-block text-break";
          sum.textContent = "SHA-256 " + file.sha256;
          item.appendChild(sum);
          list.appendChild(item);
        });
      }
    }
  }

  function poll() {
    var rows = activeRows();
    if (!rows.length) { return; }
    var ids = rows.map(function (r) { return r.getAttribute("data-export-id"); });
    fetch(url + "?ids=" + encodeURIComponent(ids.join(",")), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    })
      .then(function (response) { return response.ok ? response.json() : { exports: [] }; })
      .then(function (payload) {
        payload.exports.forEach(function (data) {
          var row = container.querySelector("tr[data-export-id='" + data.id + "']");
          if (row) { update(row, data); }
        });
      })
      .catch(function () { /* try again at the next tick */ })
      .then(function () { if (activeRows().length) { window.setTimeout(poll, 1500); } });
  }

  window.setTimeout(poll, 1000);
})();
