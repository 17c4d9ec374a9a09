// Fills the survey's location from the phone's GPS when the person allows it; typing works too.
(function () {
  var button = document.getElementById("locate");
  if (!button || !navigator.geolocation) { return; }
  var status = document.getElementById("locate-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.dataset.waiting || "…";
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("latitude").value = position.coords.latitude.toFixed(5);
      document.getElementById("longitude").value = position.coords.longitude.toFixed(5);
      status.textContent = "±" + Math.round(position.coords.accuracy) + " m";
    }, function () {
      status.textContent = button.dataset.denied || "";
    }, {enableHighAccuracy: true, timeout: 15000});
  });
})();
