/* Workbench behaviour that must not be inline (strict CSP). */
(function () {
  "use strict";
  // A failed htmx request (a 403, 404 or 500) would otherwise do nothing visible.
  document.addEventListener("htmx:responseError", function (event) {
    var flash = document.getElementById("flash");
    if (!flash) { return; }
    var p = document.createElement("p");
    p.className = "flash flash-error";
    p.textContent = (document.documentElement.lang === "en")
      ? "The request failed (" + event.detail.xhr.status + "). Please reload the page."
      : "操作未成功（" + event.detail.xhr.status + "），请刷新页面后重试。";
    flash.appendChild(p);
  });
  // Auto-submit filters marked data-autosubmit when a plain (non-htmx) select changes.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.form && el.form.hasAttribute("data-autosubmit") && !window.htmx) {
      el.form.submit();
    }
  });
})();
