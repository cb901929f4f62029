// Progressive enhancement for the composer: a new choice redraws the preview at
// once (the server renders it from the query; nothing is saved until "Preview").
// Without JavaScript the Preview button does the same with a page load.
(function () {
  var form = document.querySelector("form[data-live-preview]");
  var preview = document.getElementById("preview");
  if (!form || !preview || !window.URLSearchParams) return;
  var timer = null;
  function refresh() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") params.append(name, value);
    });
    preview.src = form.getAttribute("data-live-preview") + "?" + params.toString();
  }
  form.addEventListener("change", function (event) {
    if (event.target.type !== "file") refresh();
  });
  form.addEventListener("input", function (event) {
    if (event.target.name !== "own_text") return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
})();
