// Gate check-in that keeps working without signal. No framework, no build step.
// Online: the scan form is sent with fetch and the server answers. Offline (or when the
// server does not answer within a few seconds): the answer comes from the day's list
// (SHA-256 hashes of ticket secrets and their status), the scan is queued in localStorage
// and uploaded as soon as the connection is back.
(function () {
  "use strict";
  var root = document.getElementById("gate");
  var form = document.getElementById("scan-form");
  if (!root || !form || !window.fetch || !window.localStorage) { return; }
  var text = JSON.parse(root.getAttribute("data-messages"));
  var listUrl = root.getAttribute("data-list-url");
  var syncUrl = root.getAttribute("data-sync-url");
  var prefix = "kunjungan:" + root.getAttribute("data-place") + ":";
  var result = document.getElementById("result");
  var status = document.getElementById("gate-status");
  var syncStatus = document.getElementById("sync-status");
  var csrf = form.querySelector("input[name=csrf_token]").value;
  var TIMEOUT_MS = 4000;

  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(prefix + key)) || fallback; } catch (e) { return fallback; }
  }
  function save(key, value) { localStorage.setItem(prefix + key, JSON.stringify(value)); }
  function nonce() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  // Times in the regency's time zone (the phone may be set to another one), e.g. "10.05 WIB".
  var timeFormat = new Intl.DateTimeFormat("en-GB", {timeZone: root.getAttribute("data-time-zone"),
                                                     hour: "2-digit", minute: "2-digit", hour12: false});
  function clock(ms) {
    return timeFormat.format(new Date(ms)).replace(":", ".") + " " + root.getAttribute("data-zone");
  }
  function show(ok, message, details) {
    result.hidden = false;
    result.className = "gate-result " + (ok ? "gate-ok" : "gate-bad");
    result.querySelector(".gate-message").textContent = message;
    result.querySelector(".gate-details").textContent = details || "";
  }
  function refreshStatus() {
    var queue = load("queue", []);
    var list = load("list", null);
    var parts = [navigator.onLine ? text.online : text.offline];
    if (list) { parts.push(text.listed.replace("{n}", list.tickets.length)); }
    if (queue.length) { parts.push(text.waiting.replace("{n}", queue.length)); }
    status.textContent = parts.join(" · ");
  }

  function download() {
    return fetch(listUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) { save("list", data); refreshStatus(); })
      .catch(function () { refreshStatus(); });
  }

  function sha256(value) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)).then(function (buffer) {
      return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    });
  }

  function judgeOffline(code, gate, direction, scanNonce) {
    var list = load("list", null);
    var secret = code.slice(0, code.lastIndexOf("."));
    if (!list || !secret || !(window.crypto && crypto.subtle)) {
      return Promise.resolve({ok: false, message: text.unknown, details: list ? "" : text.noList});
    }
    return sha256(secret).then(function (hash) {
      var now = Date.now();
      var ticket = null;
      for (var i = 0; i < list.tickets.length; i++) { if (list.tickets[i].h === hash) { ticket = list.tickets[i]; break; } }
      var answer;
      var seen = load("seen", {});
      if (!ticket) { answer = {ok: false, message: text.unknown}; }
      else if (ticket.s === "cancelled" || ticket.s === "expired") { answer = {ok: false, message: text.cancelled}; }
      else if (ticket.s === "unpaid") { answer = {ok: false, message: text.unpaid}; }
      else if (direction === "out") { answer = {ok: true, message: text.exit}; }
      else if (now < ticket.from || now > ticket.to) { answer = {ok: false, message: text.wrongSlot}; }
      else if (ticket.u || seen[hash]) {
        var first = ticket.u ? {at: ticket.u, gate: ticket.g} : seen[hash];
        answer = {ok: false, message: text.used, details: text.usedAt.replace("{t}", clock(first.at)).replace("{g}", first.gate)};
      } else {
        seen[hash] = {at: now, gate: gate};
        save("seen", seen);
        answer = {ok: true, message: text.ok};
      }
      var queue = load("queue", []);
      queue.push({nonce: scanNonce, code: code, gate: gate, direction: direction, at: now, admitted: answer.ok});
      save("queue", queue);
      answer.details = (answer.details ? answer.details + " · " : "") + text.savedOffline;
      refreshStatus();
      return answer;
    });
  }

  function sendOnline(data) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    return fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                               headers: {"Accept": "application/json"}, signal: controller && controller.signal})
      .then(function (r) {
        if (timer) { clearTimeout(timer); }
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      });
  }

  // One upload at a time: the browser's "online" event, the timer and a second "online" can come
  // together, and a second upload of the same scans would report "0 uploaded" over the first.
  var uploading = null;

  function upload() {
    if (!uploading) {
      uploading = uploadQueue().then(function () { uploading = null; }, function () { uploading = null; });
    }
    return uploading;
  }

  function uploadQueue() {
    var queue = load("queue", []);
    if (!queue.length || !navigator.onLine) { return Promise.resolve(); }
    var body = new FormData();
    body.append("csrf_token", csrf);
    body.append("scans", JSON.stringify(queue));
    return fetch(syncUrl, {method: "POST", body: body, credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (report) {
        var sent = {};
        queue.forEach(function (item) { sent[item.nonce] = true; });
        save("queue", load("queue", []).filter(function (item) { return !sent[item.nonce]; }));
        var line = text.synced.replace("{n}", report.received);
        report.conflicts.forEach(function (c) {
          line += " · " + text.conflict.replace("{h}", c.holder).replace("{g}", c.gate).replace("{t}", c.at)
            .replace("{f}", c.first_gate).replace("{s}", c.first_at);
        });
        syncStatus.textContent = line;
        return download();
      })
      .catch(function () { refreshStatus(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = form.querySelector("[name=code]").value.trim();
    var gate = form.querySelector("[name=gate]").value.trim() || "Gerbang";
    var direction = form.querySelector("[name=direction]").value;
    if (!code) { return; }
    // The same nonce offline: if the online request did arrive after all, the upload is a duplicate.
    var scanNonce = nonce();
    form.querySelector("[name=nonce]").value = scanNonce;
    var data = new FormData(form);
    var answer = navigator.onLine ? sendOnline(data).then(function (r) {
      return {ok: r.ok, message: r.message,
              details: [r.ticket_type, r.holder, r.first_at ? text.usedAt.replace("{t}", r.first_at).replace("{g}", r.first_gate) : ""]
                .filter(Boolean).join(" · ")};
    }).catch(function () { return judgeOffline(code, gate, direction, scanNonce); }) : judgeOffline(code, gate, direction, scanNonce);
    answer.then(function (a) {
      show(a.ok, a.message, a.details);
      form.querySelector("[name=code]").value = "";
      form.querySelector("[name=code]").focus();
    });
  });

  document.getElementById("download-list").addEventListener("click", function () { download(); });
  window.addEventListener("online", function () { upload(); refreshStatus(); });
  window.addEventListener("offline", refreshStatus);
  setInterval(function () { upload(); }, 30000);
  setInterval(function () { if (navigator.onLine) { download(); } }, 300000);
  // The page itself opens with no signal once it has been opened online (gate-sw.js).
  if (navigator.serviceWorker && root.getAttribute("data-worker-url")) {
    navigator.serviceWorker.register(root.getAttribute("data-worker-url"), {scope: root.getAttribute("data-worker-scope")})
      .catch(function () { /* the page still works online and offline while it stays open */ });
  }

  // Camera scanning where the browser reads QR codes itself (BarcodeDetector); elsewhere a
  // hand scanner or typing the code does the same job.
  var camera = document.getElementById("camera");
  if (camera && window.BarcodeDetector && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    var video = document.getElementById("camera-view");
    var toggle = document.getElementById("camera-toggle");
    var detector = null;
    var stream = null;
    var last = {code: "", at: 0};
    var stop = function () {
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
      stream = null;
      video.hidden = true;
      toggle.textContent = text.cameraOn;
    };
    var look = function () {
      if (!stream) { return; }
      detector.detect(video).then(function (found) {
        var code = found.length ? found[0].rawValue : "";
        // The same code held in front of the camera counts once every 3 seconds.
        if (code && (code !== last.code || Date.now() - last.at > 3000)) {
          last = {code: code, at: Date.now()};
          form.querySelector("[name=code]").value = code;
          form.requestSubmit();
        }
      }).catch(function () { /* a frame that could not be read */ })
        .then(function () { setTimeout(look, 250); });
    };
    toggle.addEventListener("click", function () {
      if (stream) { stop(); return; }
      try { detector = detector || new window.BarcodeDetector({formats: ["qr_code"]}); } catch (e) { camera.hidden = true; return; }
      navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false}).then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        toggle.textContent = text.cameraOff;
        return video.play();
      }).then(look).catch(function () { stop(); show(false, text.cameraDenied, ""); });
    });
    camera.hidden = false;
  }

  root.classList.add("gate-scripted");
  download().then(upload);
  refreshStatus();
})();
