// Live preview of the onboarding wizard's branding step (progressive enhancement: without
// this script, the "Perbarui pratinjau" button renders the same preview on the server).
(function () {
  "use strict";
  var form = document.getElementById("branding-form");
  var preview = document.getElementById("brand-preview");
  if (!form || !preview) {
    return;
  }
  var primary = document.getElementById("primary_color");
  var accent = document.getElementById("accent_color");
  var tagline = document.getElementById("tagline");
  var logo = document.getElementById("logo");
  var image = document.getElementById("bp-logo");
  var taglineOut = document.getElementById("bp-tagline");
  var button = document.getElementById("preview-button");
  if (button) {
    button.hidden = true;
  }
  function colours() {
    preview.style.setProperty("--preview-primary", primary.value);
    preview.style.setProperty("--preview-accent", accent.value);
  }
  primary.addEventListener("input", colours);
  accent.addEventListener("input", colours);
  tagline.addEventListener("input", function () {
    taglineOut.textContent = tagline.value;
  });
  logo.addEventListener("change", function () {
    var file = logo.files && logo.files[0];
    if (!file || file.size > 1024 * 1024 || !/^image\//.test(file.type)) {
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      image.src = reader.result;
      image.hidden = false;
    };
    reader.readAsDataURL(file);
  });
})();
