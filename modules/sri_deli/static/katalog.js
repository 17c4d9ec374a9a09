// The permit catalogue editor's calculator: the fee is recomputed by the server's formula
// parser as the admin types. Without JavaScript the "Hitung" button does the same.
(function () {
  "use strict";
  var formula = document.querySelector("[data-calculator]");
  var out = document.getElementById("hasil-biaya");
  if (!formula || !out || !window.fetch || !window.URLSearchParams) { return; }
  var timer = null;
  function compute() {
    var params = new URLSearchParams();
    params.append("rumus", formula.value);
    document.querySelectorAll("[data-field]").forEach(function (input) {
      params.append("isian", input.getAttribute("data-field"));
      params.append("contoh_" + input.getAttribute("data-field"), input.value);
    });
    fetch(formula.getAttribute("data-calculator") + "?" + params.toString(), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        out.textContent = data.error ? data.error
          : out.getAttribute("data-label") + " Rp" + Number(data.fee).toLocaleString("id-ID");
      })
      .catch(function () { /* the button still works */ });
  }
  function later() { clearTimeout(timer); timer = setTimeout(compute, 300); }
  formula.addEventListener("input", later);
  document.querySelectorAll("[data-field]").forEach(function (input) { input.addEventListener("input", later); });
  // What was typed while the page was still loading (a slow connection) is computed too.
  if (formula.value.trim()) { later(); }
})();
