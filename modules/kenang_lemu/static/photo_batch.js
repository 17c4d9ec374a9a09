// Posts each chosen photo on its own, so a batch of hundreds is never one huge request and a
// failed file (or a dropped connection) loses only itself. Without this script the form posts
// everything at once and the server answers with the same list.
(function () {
  "use strict";
  var form = document.getElementById("unggah-foto");
  if (!form || !window.fetch || !window.FormData) { return; }
  var input = document.getElementById("photos");
  var status = document.getElementById("kemajuan");
  var list = document.getElementById("hasil-unggah");
  var token = form.querySelector("input[name=csrf_token]").value;

  function say(done, total, added) {
    status.hidden = false;
    status.textContent = status.dataset.progress
      .replace("{done}", done).replace("{total}", total)
      .replace("{added}", added).replace("{failed}", done - added);
  }

  function report(name, message, ok) {
    var item = document.createElement("li");
    item.className = ok ? "ok" : "error";
    var strong = document.createElement("strong");
    strong.textContent = name;
    item.appendChild(strong);
    item.appendChild(document.createTextNode(": " + message));
    list.appendChild(item);
  }

  form.addEventListener("submit", function (event) {
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) { return; }
    event.preventDefault();
    form.querySelector("button[type=submit]").disabled = true;
    list.textContent = "";
    var done = 0, added = 0;
    say(0, files.length, 0);
    files.reduce(function (previous, file) {
      return previous.then(function () {
        var body = new FormData();
        body.append("csrf_token", token);
        body.append("photos", file, file.name);
        return fetch(form.action || window.location.href, {
          method: "POST", body: body, credentials: "same-origin",
          headers: { "Accept": "application/json" }
        }).then(function (response) {
          return response.json();
        }).then(function (answer) {
          if (answer.ok) { added += 1; }
          report(file.name, answer.message, answer.ok);
        }, function () {
          report(file.name, status.dataset.network, false);
        }).then(function () {
          done += 1;
          say(done, files.length, added);
        });
      });
    }, Promise.resolve()).then(function () {
      form.querySelector("button[type=submit]").disabled = false;
      input.value = "";
    });
  });
}());
