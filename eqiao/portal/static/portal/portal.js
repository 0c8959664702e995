/* EQiao citizen portal: small progressive enhancements. Every page works without this file;
   it only adds a live character count, shows the anonymous box for reports, stops a second
   tap on "submit", counts down to "send again", and moves focus to the error summary.
   Texts come from data-* attributes rendered in the page's language. */
(function () {
  "use strict";

  function fill(template, n) {
    return template.replace("{n}", String(n));
  }

  function setUpCounter(area) {
    var counter = document.getElementById(area.getAttribute("data-count"));
    var max = parseInt(area.getAttribute("data-maxchars"), 10);
    if (!counter || !max) return;
    var normal = counter.getAttribute("data-template");
    var over = counter.getAttribute("data-over-template") || normal;
    function update() {
      // Count characters the way the server does (code points, CRLF as one).
      var n = Array.from(area.value.replace(/\r\n/g, "\n").trim()).length;
      var isOver = n > max;
      counter.textContent = fill(isOver ? over : normal, n);
      counter.classList.toggle("over", isOver);
    }
    area.addEventListener("input", update);
    if (area.value) update();
  }

  function setUpKindToggle(form) {
    var box = form.querySelector("[data-only-kind]");
    if (!box) return;
    var wanted = box.getAttribute("data-only-kind");
    var radios = form.querySelectorAll('input[name="kind"]');
    function update() {
      var chosen = form.querySelector('input[name="kind"]:checked');
      var show = chosen && chosen.value === wanted;
      if (show) {
        box.hidden = false;
      } else if (!box.classList.contains("has-error")) {
        box.hidden = true;
        var check = box.querySelector('input[type="checkbox"]');
        if (check) check.checked = false;
      }
    }
    radios.forEach(function (r) { r.addEventListener("change", update); });
  }

  function setUpChosenLabel(form) {
    var label = form.querySelector("[data-chosen-label]");
    if (!label) return;
    form.querySelectorAll('input[name="kind"]').forEach(function (r) {
      r.addEventListener("change", function () {
        var name = r.closest("label").querySelector("strong");
        if (name) label.textContent = name.textContent;
      });
    });
  }

  function setUpOnce(form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector('button[type="submit"]');
      if (!button) return;
      // Disable a moment later so the browser still sends the form; the server's
      // idempotency key makes a second request harmless anyway.
      window.setTimeout(function () {
        button.disabled = true;
        var busy = button.getAttribute("data-busy-text");
        if (busy) button.textContent = busy;
      }, 0);
    });
  }

  function setUpCountdown(button) {
    var left = parseInt(button.getAttribute("data-wait-seconds"), 10);
    var template = button.getAttribute("data-wait-template");
    if (!left || !template) return;
    var label = button.textContent;
    button.disabled = true;
    button.textContent = fill(template, left);
    var timer = window.setInterval(function () {
      left -= 1;
      if (left <= 0) {
        window.clearInterval(timer);
        button.disabled = false;
        button.textContent = label;
      } else {
        button.textContent = fill(template, left);
      }
    }, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-maxchars]").forEach(setUpCounter);
    document.querySelectorAll("form").forEach(setUpKindToggle);
    document.querySelectorAll("form").forEach(setUpChosenLabel);
    document.querySelectorAll("form[data-once]").forEach(setUpOnce);
    document.querySelectorAll("button[data-wait-seconds]").forEach(setUpCountdown);
    var summary = document.querySelector("[data-autofocus]");
    if (summary) summary.focus();
  });
})();
