// Small progressive enhancements; every page also works without this file.
(function () {
  "use strict";
  // Drag-and-drop onto the upload zone fills its file input (the form still submits normally).
  function initDrop(zone) {
    var input = zone.querySelector("input[type=file]");
    if (!input) return;
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    input.addEventListener("change", function () {
      var list = zone.querySelector("[data-chosen]");
      if (!list) return;
      var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
      list.textContent = names.length ? "已选择：" + names.join("、") : "";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-drop]").forEach(initDrop);
  });
  // Ask before leaving an edit page with unsaved changes.
  document.addEventListener("input", function (e) {
    var form = e.target && e.target.closest && e.target.closest("form[data-dirty-guard]");
    if (form) form.dataset.dirty = "1";
  });
  document.addEventListener("submit", function (e) {
    if (e.target && e.target.dataset) delete e.target.dataset.dirty;
  });
  window.addEventListener("beforeunload", function (e) {
    if (document.querySelector("form[data-dirty-guard][data-dirty]")) { e.preventDefault(); e.returnValue = ""; }
  });
})();
