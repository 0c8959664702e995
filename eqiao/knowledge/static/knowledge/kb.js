/* Knowledge base: voice input on the citizen search page; "insert answer" and "cite
   article" in the workbench's suggested-answers panel. No inline script (CSP). */
(function () {
  if (window.__eqiaoKb) return;
  window.__eqiaoKb = true;

  function replyBox() {
    var open = document.querySelector("details.action[open] textarea");
    if (open) return open;
    var details = document.getElementById("action-reply_result") || document.getElementById("action-reply_procedural");
    if (!details) return null;
    details.open = true;
    return details.querySelector("textarea");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-kb-insert]");
    if (!button) return;
    event.preventDefault();
    var box = replyBox();
    if (!box) return;
    var text = button.getAttribute("data-kb-insert");
    var at = box.selectionStart != null ? box.selectionStart : box.value.length;
    var before = box.value.slice(0, at), after = box.value.slice(at);
    var glue = before && !/\n$/.test(before) ? "\n" : "";
    box.value = before + glue + text + after;
    box.focus();
    var status = document.getElementById("kb-status");
    if (status) status.textContent = button.getAttribute("data-kb-done") || "";
  });

  function setupVoice() {
    var button = document.getElementById("kb-voice");
    var input = document.getElementById("kb-q");
    var Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
    if (!button || !input || !Recognition) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var recognition = new Recognition();
      recognition.lang = "zh-CN";
      recognition.interimResults = false;
      button.setAttribute("aria-pressed", "true");
      recognition.onresult = function (e) {
        input.value = e.results[0][0].transcript;
        input.form.submit();
      };
      recognition.onend = function () { button.setAttribute("aria-pressed", "false"); };
      recognition.start();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupVoice);
  else setupVoice();
})();
